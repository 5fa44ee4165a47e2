package sc.fiji.deepmac.plugin;

import java.nio.file.Paths;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

import sc.fiji.deepmac.options.RunOptions;
import sc.fiji.deepmac.options.RunSettings;

import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * Deep-MAC as a SciJava command: for {@code CommandService.run(...)}, {@code #@} scripts and headless runs. It has no
 * menu path on purpose: in Fiji the menu item is the ImageJ 1.x plugin {@code Plugins > Deep-MAC}, which records
 * as a macro; a menu path here would add a second, identical item.
 * <p>
 * Bad input ends the run with its message ({@link #getCancelReason()}, logged as an error) and changes nothing;
 * so does cancelling, between model calls ({@link DeepMacCommand}).
 */
@Plugin(type = Command.class, label = "Deep-MAC Segment ROIs", headless = true,
	description = "Turns rectangles into instance masks with a Deep-MAC model: label image, mask ROIs and a results table")
public class SegmentRoisCommand extends DeepMacCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

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

	@Override
	protected void segment() {
		RunSettings run = runSettings(Map.of(RunOptions.UNPOSITIONED, unpositioned, RunOptions.PRODUCE, produce));
		RoiSegmentation.Settings settings = new RoiSegmentation.Settings(run, RoiSource.parse(roiSource),
			roiFile == null || roiFile.isBlank() ? null : Paths.get(roiFile.trim()));
		SegmentationResult result = RoiSegmentation.segment(image, settings, deepmac::model, listener());
		RoiSegmentation.Delivered delivered = RoiSegmentation.deliver(image, result, settings.outputs(), false);
		labels = delivered.labels();
		log.info(RoiSegmentation.summary(delivered));
	}

	@Override
	protected void clearOutputs() {
		labels = null;
	}

	public ImagePlus getLabels() {
		return labels;
	}
}
