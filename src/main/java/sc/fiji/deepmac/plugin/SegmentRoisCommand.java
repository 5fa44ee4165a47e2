package sc.fiji.deepmac.plugin;

import java.io.File;
import java.util.concurrent.CancellationException;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

import sc.fiji.deepmac.box.BoxInputException;
import sc.fiji.deepmac.image.PercentileNormalization;
import sc.fiji.deepmac.model.ModelException;
import sc.fiji.deepmac.runtime.ComputeDevice;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationOptions;
import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * Deep-MAC as a SciJava command: for {@code CommandService.run(...)}, {@code #@} scripts and headless runs. It has no
 * menu path on purpose: in Fiji the menu item is the ImageJ 1.x plugin {@code Plugins > Deep-MAC}, which records
 * as a macro; a menu path here would add a second, identical item.
 * <p>
 * Bad input ends the run with its message ({@link #getCancelReason()}, logged as an error) and changes nothing;
 * so does cancelling, between model calls.
 */
@Plugin(type = Command.class, label = "Deep-MAC Segment ROIs", headless = true,
	description = "Turns rectangles into instance masks with a Deep-MAC model: label image, mask ROIs and a results table")
public class SegmentRoisCommand extends ContextCommand {

	@Parameter
	private DeepMacService deepmac;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model", required = false, persist = false,
		description = "An installed model's name or a Deep-MAC SavedModel folder; empty for the default model")
	private String model = "";

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = "auto";

	@Parameter(label = "Threshold", min = "0", max = "0.99", stepSize = "0.05", persist = false,
		description = "Mask probability above which a pixel belongs to the object (official: 0.5)")
	private double threshold = SegmentationOptions.DEFAULT_THRESHOLD;

	@Parameter(label = "Channel", min = "0", persist = false,
		description = "Channel of multichannel images to segment on; 0 = their RGB composite")
	private int channel = 0;

	@Parameter(label = "ROIs from", choices = { "ROI Manager", "Overlay", "RoiSet file" }, persist = false,
		description = "Without a display the ROI Manager is replaced by the image's overlay")
	private String roiSource = RoiSource.ROI_MANAGER.label();

	@Parameter(label = "RoiSet file", required = false, persist = false, style = "extensions:zip/roi")
	private File roiFile;

	@Parameter(label = "Unpositioned ROIs act on", choices = { "every plane", "current plane" }, persist = false)
	private String unpositioned = UnpositionedRois.EVERY_PLANE.label();

	@Parameter(label = "Label image", persist = false)
	private boolean labelImage = true;

	@Parameter(label = "Mask ROIs", persist = false,
		description = "Added after the ROI Manager's ROIs; without a display, onto the label image's overlay")
	private boolean maskRois = true;

	@Parameter(label = "Results table", persist = false)
	private boolean resultsTable = true;

	@Parameter(label = "Labels", type = ItemIO.OUTPUT)
	private ImagePlus labels;

	/** Set by tests and scripts that want to cancel from outside, in addition to {@link #cancel(String)}. */
	private ProgressListener extraListener = ProgressListener.NONE;

	@Override
	public void run() {
		try {
			RoiSegmentation.Settings settings = new RoiSegmentation.Settings(model, ComputeDevice.parse(device),
				new SegmentationOptions((float) threshold, channel, PercentileNormalization.DEFAULT,
					SegmentationOptions.DEFAULT_MIN_BOX_SIZE),
				RoiSource.parse(roiSource), roiFile == null ? null : roiFile.toPath(), UnpositionedRois.parse(unpositioned),
				new Outputs(labelImage, maskRois, resultsTable));
			SegmentationResult result = RoiSegmentation.segment(image, settings, deepmac::model, listener());
			RoiSegmentation.Delivered delivered = RoiSegmentation.deliver(image, result, settings.outputs(), false);
			labels = delivered.labels();
			log.info(RoiSegmentation.summary(delivered));
		}
		catch (CancellationException e) {
			labels = null;
			if (!isCanceled()) cancel("Deep-MAC: cancelled; nothing was changed");
			log.info("Deep-MAC: cancelled; nothing was changed");
		}
		catch (BoxInputException | ModelException | IllegalArgumentException | IllegalStateException
			| java.io.UncheckedIOException e)
		{
			labels = null;
			fail(e.getMessage());
		}
		finally {
			if (status != null) status.clearStatus();
		}
	}

	private void fail(String message) {
		log.error("Deep-MAC: " + message);
		cancel(message);
	}

	private ProgressListener listener() {
		return new ProgressListener() {

			@Override
			public void progress(long done, long total, String what) {
				if (status != null) status.showStatus((int) Math.min(done, Integer.MAX_VALUE),
					(int) Math.min(total, Integer.MAX_VALUE), what);
				extraListener.progress(done, total, what);
			}

			@Override
			public boolean isCancelled() {
				return isCanceled() || Thread.currentThread().isInterrupted() || extraListener.isCancelled();
			}

			@Override
			public void warn(String message) {
				log.warn("Deep-MAC: " + message);
				extraListener.warn(message);
			}
		};
	}

	/** Also hear progress and warnings, and cancel through {@link ProgressListener#isCancelled()}. */
	public void setProgressListener(ProgressListener listener) {
		this.extraListener = listener == null ? ProgressListener.NONE : listener;
	}

	public ImagePlus getLabels() {
		return labels;
	}
}
