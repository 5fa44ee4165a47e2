package sc.fiji.deepmac.plugin;

import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.options.RunOptions;
import sc.fiji.deepmac.options.RunSettings;

import sc.fiji.deepmac.segment.ProgressListener;
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

	// The run options as RunOptions declares them (names, labels, defaults, help); RunOptions.parse checks them.
	@Parameter(label = RunOptions.MODEL_LABEL, required = false, persist = false, description = RunOptions.MODEL_HELP)
	private String model = RunOptions.MODEL_DEFAULT;

	@Parameter(label = RunOptions.DEVICE_LABEL, choices = { "auto", "cpu", "gpu" }, persist = false,
		description = RunOptions.DEVICE_HELP)
	private String device = RunOptions.DEVICE_DEFAULT;

	@Parameter(label = RunOptions.THRESHOLD_LABEL, min = "0", max = "0.99", stepSize = "0.05", persist = false,
		description = RunOptions.THRESHOLD_HELP)
	private double threshold = Double.parseDouble(RunOptions.THRESHOLD_DEFAULT);

	@Parameter(label = RunOptions.CHANNEL_LABEL, min = "0", persist = false, description = RunOptions.CHANNEL_HELP)
	private int channel = Integer.parseInt(RunOptions.CHANNEL_DEFAULT);

	@Parameter(label = RunOptions.MIN_BOX_SIZE_LABEL, min = "1", persist = false, description = RunOptions.MIN_BOX_SIZE_HELP)
	private double minBoxSize = Double.parseDouble(RunOptions.MIN_BOX_SIZE_DEFAULT);

	@Parameter(label = RunOptions.PERCENTILES_LABEL, persist = false, description = RunOptions.PERCENTILES_HELP)
	private String percentiles = RunOptions.PERCENTILES_DEFAULT;

	@Parameter(label = RunOptions.OVERLAP_LABEL, choices = { "probability", "smaller on top", "larger on top" },
		persist = false, description = RunOptions.OVERLAP_HELP)
	private String overlap = RunOptions.OVERLAP_DEFAULT;

	@Parameter(label = "ROIs from", choices = { "ROI Manager", "Overlay", "RoiSet file" }, persist = false,
		description = "Without a display the ROI Manager is replaced by the image's overlay")
	private String roiSource = RoiSource.ROI_MANAGER.label();

	// a path as text: an unset optional File input makes SciJava cancel scripts without a word
	@Parameter(label = "RoiSet file", required = false, persist = false,
		description = "A .roi file or RoiSet .zip, with ROIs from 'RoiSet file'")
	private String roiFile = "";

	@Parameter(label = RunOptions.UNPOSITIONED_LABEL, choices = { "every plane", "current plane" }, persist = false,
		description = RunOptions.UNPOSITIONED_HELP)
	private String unpositioned = RunOptions.UNPOSITIONED_DEFAULT;

	@Parameter(label = RunOptions.PRODUCE_LABEL, choices = { "labels, ROIs and table", "labels and ROIs",
		"labels and table", "ROIs and table", "labels only", "ROIs only", "table only" }, persist = false,
		description = RunOptions.PRODUCE_HELP)
	private String produce = RunOptions.PRODUCE_DEFAULT;

	@Parameter(label = "Labels", type = ItemIO.OUTPUT)
	private ImagePlus labels;

	/** Set by tests and scripts that want to cancel from outside, in addition to {@link #cancel(String)}. */
	private ProgressListener extraListener = ProgressListener.NONE;

	@Override
	public void run() {
		try {
			RunSettings run = RunOptions.parse(Map.of(RunOptions.MODEL, model == null ? "" : model, RunOptions.DEVICE, device,
				RunOptions.THRESHOLD, threshold, RunOptions.CHANNEL, channel, RunOptions.MIN_BOX_SIZE, minBoxSize,
				RunOptions.PERCENTILES, percentiles, RunOptions.OVERLAP, overlap, RunOptions.UNPOSITIONED, unpositioned, RunOptions.PRODUCE, produce));
			RoiSegmentation.Settings settings = new RoiSegmentation.Settings(run, RoiSource.parse(roiSource),
				roiFile == null || roiFile.isBlank() ? null : Paths.get(roiFile.trim()));
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
		catch (UserError e) {
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
