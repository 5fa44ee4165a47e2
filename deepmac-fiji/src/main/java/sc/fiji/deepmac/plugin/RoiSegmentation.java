package sc.fiji.deepmac.plugin;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;

import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.ModelCache;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.options.Outputs;
import sc.fiji.deepmac.options.RunOptions;
import sc.fiji.deepmac.options.RunSettings;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.Instance;
import sc.fiji.deepmac.segment.InstanceTable;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * What the ImageJ 1.x plugin, the SciJava command and scripts share: read the ROIs, find and load the model, segment,
 * and only then hand the outputs to ImageJ. A run that fails or is cancelled leaves no outputs and changes nothing of
 * the user's: the image, its overlay, the ROI Manager's ROIs and the results table stay as they were.
 */
public final class RoiSegmentation {

	/** Title of the results table that a run fills (macros read it with {@code nResults} and {@code getResult}). */
	public static final String TABLE_TITLE = "Results";

	/**
	 * Everything a run needs besides the image: the run options and where the ROIs come from.
	 *
	 * @param roiFile the RoiSet for {@link RoiSource#FILE}, else ignored (may be null)
	 */
	public record Settings(RunSettings run, RoiSource source, Path roiFile) {
		public Settings {
			Objects.requireNonNull(run, "run");
			Objects.requireNonNull(source, "source");
		}

		public static Settings defaults(String model) {
			Map<String, String> values = RunOptions.defaults();
			values.put(RunOptions.MODEL, model == null ? "" : model);
			return new Settings(RunOptions.parse(values), RoiSource.ROI_MANAGER, null);
		}

		public Outputs outputs() {
			return run.outputs();
		}
	}

	/**
	 * What a delivered run left in ImageJ.
	 *
	 * @param labels the label image, or null when it was not asked for (and not needed to carry the ROIs)
	 * @param masks the mask ROIs in label order, each box's own mask (empty masks have none; ROIs may overlap)
	 * @param roisWentTo "ROI Manager", "overlay of the label image" or "nowhere"
	 * @param table the results table, or null
	 */
	public record Delivered(SegmentationResult result, ImagePlus labels, List<Roi> masks, String roisWentTo,
		ResultsTable table)
	{}

	private RoiSegmentation() {}

	/**
	 * Segments the image's ROIs with the model that {@code settings} names, loading it through {@code models}
	 * (a cache). Shows nothing.
	 *
	 * @throws sc.fiji.deepmac.box.BoxInputException bad ROIs or no image
	 * @throws sc.fiji.deepmac.model.ModelException a model that cannot be found or loaded
	 * @throws java.util.concurrent.CancellationException when {@code progress} cancels
	 */
	public static SegmentationResult segment(ImagePlus image, Settings settings,
		ModelCache.Loader models, ProgressListener progress)
	{
		if (image == null) throw new sc.fiji.deepmac.box.BoxInputException("No image: open the image to segment first");
		RunSettings run = settings.run();
		Path folder = ModelLocator.resolve(run.model());
		List<String> warnings = new ArrayList<>();
		RoiPrompts.Prompts prompts = RoiPrompts.collect(image, settings.source(), settings.roiFile(),
			run.unpositioned(), warnings);
		warnings.forEach(progress::warn);
		progress.progress(0, prompts.boxes().size(), "Deep-MAC: loading " + folder.getFileName());
		MaskModel model = models.load(folder, run.device(), run.trustModel());
		progress.progress(0, prompts.boxes().size(), "Deep-MAC: " + prompts.boxes().size() + " box(es) from "
			+ prompts.from());
		return new DeepMacSegmenter(model, run.options()).segment(image, prompts.boxes(), progress);
	}

	/**
	 * Hands a finished run to ImageJ: the label image shown (when {@code showLabels}; the user's image stays the active
	 * one, so that a second run segments it again), the mask ROIs added after the ROI Manager's own ROIs under their
	 * boxes' names (without a display: onto the label image's overlay), the measurements in the {@value #TABLE_TITLE}
	 * table.
	 */
	public static Delivered deliver(ImagePlus image, SegmentationResult result, Outputs outputs, boolean showLabels) {
		List<Roi> masks = new ArrayList<>();
		for (Instance i : result.instances())
			if (i.roi() != null) masks.add((Roi) i.roi().clone());
		boolean headless = GraphicsEnvironment.isHeadless();
		ImagePlus labels = outputs.labels() || (outputs.rois() && headless) ? result.labels() : null;
		if (labels != null && showLabels) {
			labels.show();
			if (ij.WindowManager.getImage(image.getID()) != null) ij.IJ.selectWindow(image.getID());
		}
		String roisWentTo = "nowhere";
		if (outputs.rois()) {
			if (headless) {
				Overlay overlay = new Overlay();
				masks.forEach(r -> overlay.add((Roi) r.clone()));
				labels.setOverlay(overlay);
				roisWentTo = "the overlay of " + labels.getTitle();
			}
			else {
				RoiManager rm = RoiManager.getInstance();
				if (rm == null) rm = RoiManager.getRoiManager();
				// add(roi, -1), not addRoi: addRoi renames ROIs whose names look like ImageJ's automatic ones
				for (Roi r : masks)
					rm.add((Roi) r.clone(), -1);
				if (rm.getCount() > 0) rm.runCommand("Show All");
				roisWentTo = "the ROI Manager";
			}
		}
		ResultsTable table = null;
		if (outputs.table()) {
			table = new InstanceTable(result.instances(), image.getCalibration()).withModel(result.model()).toResultsTable();
			// the system table that macros' nResults reads; show() alone does not make it so headless or in -batch mode
			ij.plugin.filter.Analyzer.setResultsTable(table);
			if (!headless) table.show(TABLE_TITLE);
		}
		return new Delivered(result, labels, masks, roisWentTo, table);
	}

	/** One line for the log: how many masks, where the outputs went, how long the model took. */
	public static String summary(Delivered d) {
		long empty = d.result().instances().stream().filter(i -> i.roi() == null).count();
		long hidden = d.result().instances().stream().filter(i -> i.area() > 0 && i.inLabels() == 0).count();
		SegmentationResult.Timings t = d.result().timings();
		return "Deep-MAC: " + d.masks().size() + " mask(s)" + (empty > 0 ? " (" + empty + " empty)" : "")
			+ (hidden > 0 ? " (" + hidden + " hidden in the label image)" : "")
			+ (d.labels() != null ? ", label image " + d.labels().getTitle() : "")
			+ (d.masks().isEmpty() ? "" : ", ROIs in " + d.roisWentTo())
			+ String.format(java.util.Locale.ROOT, "; %d model call(s), %.1f s in the model", t.modelCalls(),
				t.modelNanos() / 1e9);
	}
}
