package sc.fiji.deepmac.ij1;

import java.awt.GraphicsEnvironment;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.util.Tools;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.mask.LabelColors;
import sc.fiji.deepmac.model.ModelCache;
import sc.fiji.deepmac.options.RunOptions;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.model.ModelRegistry;
import sc.fiji.deepmac.plugin.RoiSegmentation;
import sc.fiji.deepmac.plugin.RoiSource;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * The ImageJ 1.x entry, {@code Plugins > Deep-MAC > Deep-MAC Segment ROIs} (plugins.config), in ImageJ 1.x and Fiji.
 * Its dialog records as {@code run("Deep-MAC Segment ROIs", "model=[...] threshold=0.5 ...")}. In a macro, options
 * that the macro leaves out take their documented defaults, not the values last used in the dialog.
 * <p>
 * Errors: a dialog when there is a GUI and no batch-mode macro; otherwise a line in the Log, and the macro stops.
 */
public class SegmentRoisPlugin implements PlugIn {

	public static final String COMMAND = "Deep-MAC Segment ROIs";
	private static final String TITLE = "Deep-MAC";
	private static final String PREFS = "deepmac.";
	/** Macro key that lets a run segment a Deep-MAC label image. */
	static final String LABEL_IMAGE_KEY = "segment_label_image";

	@Override
	public void run(String arg) {
		ImagePlus image = WindowManager.getCurrentImage();
		if (image == null) {
			error("No image: open the image to segment first, then draw rectangles around its objects");
			return;
		}
		if (LabelColors.isLabelImage(image) && !onPurpose(image)) return;
		RoiSegmentation.Settings settings = ask(image);
		if (settings == null) return;
		long start = System.nanoTime();
		try {
			SegmentationResult result = RoiSegmentation.segment(image, settings, ModelCache.shared()::get, new Progress());
			RoiSegmentation.Delivered delivered = RoiSegmentation.deliver(image, result, settings.outputs(), true);
			IJ.showStatus(String.format(java.util.Locale.ROOT, "Deep-MAC: %d mask(s) in %.1f s", delivered.masks().size(),
				(System.nanoTime() - start) / 1e9));
			if (IJ.debugMode || GraphicsEnvironment.isHeadless()) IJ.log(RoiSegmentation.summary(delivered));
		}
		catch (CancellationException e) {
			IJ.showStatus("Deep-MAC: cancelled; nothing was changed");
			IJ.log("Deep-MAC: cancelled; nothing was changed");
			stopMacro();
		}
		catch (UserError e) {
			error(e.getMessage());
		}
		finally {
			IJ.showProgress(1.0);
		}
	}

	/**
	 * The dialog, built from {@link RunOptions#ALL}; null when cancelled. In macros the options string fills it and it is
	 * not shown; options that a macro leaves out take their defaults. The dialog remembers the values last used.
	 */
	private RoiSegmentation.Settings ask(ImagePlus image) {
		boolean macro = Macro.getOptions() != null;
		boolean stack = image.getStackSize() > 1 || macro;
		Map<String, String> values = RunOptions.defaults();
		String source = RoiSource.ROI_MANAGER.label(), file = "";
		if (!macro) {
			// trusting a model is never remembered: each run that needs it says so
			values.replaceAll((field, value) -> field.equals(RunOptions.TRUST_MODEL) ? value : Prefs.get(PREFS + field, value));
			if (values.get(RunOptions.MODEL).isBlank()) values.put(RunOptions.MODEL, ModelLocator.defaultName());
			source = Prefs.get(PREFS + "source", source);
			file = Prefs.get(PREFS + "roiset", file);
		}

		if (macro && GraphicsEnvironment.isHeadless()) {
			// no dialog can be built without a display (plain ImageJ 1.x); read the macro's options as it would
			String options = Macro.getOptions();
			for (RunOptions.Option o : RunOptions.ALL)
				values.put(o.field(), o.kind() == RunOptions.Kind.CHECKBOX
					? Boolean.toString((" " + options + " ").contains(" " + o.macroKey() + " "))
					: Macro.getValue(options, o.macroKey(), values.get(o.field())));
			return settings(values, Macro.getValue(options, "rois", source), Macro.getValue(options, "roiset", file).trim());
		}

		GenericDialog gd = new GenericDialog(TITLE + " Segment ROIs");
		for (RunOptions.Option o : RunOptions.ALL) {
			if (o.field().equals(RunOptions.UNPOSITIONED)) {
				gd.addChoice("ROIs from", RoiSource.labels(), source);
				gd.addFileField("RoiSet file", file, 30);
				if (!stack) continue;
			}
			String value = values.get(o.field());
			switch (o.kind()) {
				case FOLDER -> gd.addDirectoryField(o.label(), value, 30);
				case CHOICE -> gd.addChoice(o.label(), o.choices().toArray(String[]::new), value);
				case NUMBER -> gd.addNumericField(o.label(), Tools.parseDouble(value, Double.NaN), 2);
				case INTEGER -> gd.addNumericField(o.label(), Tools.parseDouble(value, Double.NaN), 0, 3,
					o.field().equals(RunOptions.CHANNEL) ? "(0 = RGB composite)" : "");
				case TEXT -> gd.addStringField(o.label(), value, 12);
				case CHECKBOX -> gd.addCheckbox(o.label(), Boolean.parseBoolean(value));
			}
		}
		gd.addMessage("Installed models: " + (ModelLocator.installed().isEmpty() ? "none (give a folder)"
			: String.join(", ", ModelLocator.installed().keySet().stream().map(ModelRegistry::withAlias).toList()))
			+ "\nEsc cancels a running segmentation.");
		gd.addHelp("https://github.com/deepmac-fiji/deepmac-fiji/blob/main/docs/install.md");
		gd.showDialog();
		if (gd.wasCanceled()) return null;

		for (RunOptions.Option o : RunOptions.ALL) {
			if (o.field().equals(RunOptions.UNPOSITIONED)) {
				source = gd.getNextChoice();
				file = gd.getNextString().trim();
				if (!stack) continue;
			}
			String value = switch (o.kind()) {
				case FOLDER, TEXT -> gd.getNextString().trim();
				case CHOICE -> gd.getNextChoice();
				case CHECKBOX -> Boolean.toString(gd.getNextBoolean());
				case NUMBER, INTEGER -> {
					double number = gd.getNextNumber();
					yield gd.invalidNumber() ? gd.getErrorMessage() : number == Math.rint(number)
						? Long.toString((long) number) : Double.toString(number);
				}
			};
			values.put(o.field(), value);
		}
		RoiSegmentation.Settings settings = settings(values, source, file);
		if (settings != null && !macro) {
			values.forEach((field, value) -> {
				if (!field.equals(RunOptions.TRUST_MODEL)) Prefs.set(PREFS + field, value);
			});
			Prefs.set(PREFS + "source", source);
			Prefs.set(PREFS + "roiset", file);
		}
		return settings;
	}

	/**
	 * Whether the user means to segment a Deep-MAC label image: asked in the GUI; in macros only with the key
	 * {@value #LABEL_IMAGE_KEY}. Otherwise an error that says how to pick the image to segment.
	 */
	private static boolean onPurpose(ImagePlus labels) {
		String options = Macro.getOptions();
		if (options != null) {
			if ((" " + options + " ").contains(" " + LABEL_IMAGE_KEY + " ")) return true;
			error("'" + labels.getTitle() + "' is a Deep-MAC label image, not an image to segment: select your image "
				+ "first (selectImage), or add the key " + LABEL_IMAGE_KEY + " to segment the label image on purpose");
			return false;
		}
		if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) return true;
		return IJ.showMessageWithCancel(TITLE, "'" + labels.getTitle() + "' is the label image of a Deep-MAC run.\n"
			+ "Segment this label image anyway? (Cancel, then click the image you want to segment.)");
	}

	private static RoiSegmentation.Settings settings(Map<String, String> values, String source, String file) {
		try {
			return new RoiSegmentation.Settings(RunOptions.parse(values), RoiSource.parse(source),
				file.isEmpty() ? null : Paths.get(file));
		}
		catch (UserError | IllegalArgumentException e) {
			error(e.getMessage());
			return null;
		}
	}

	/** A dialog in the GUI; the Log (and the macro stops) in batch mode and headless. */
	static void error(String message) {
		boolean quiet = GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode() || IJ.getInstance() == null;
		if (quiet) IJ.log("Deep-MAC error: " + message);
		else IJ.error(TITLE, message);
		stopMacro();
	}

	/**
	 * Stops the calling macro, as ImageJ's own commands do on errors: {@link Macro#abort()} alone only stops macros
	 * that run in a "Macro$" thread, not those run with -batch from the command line.
	 */
	private static void stopMacro() {
		if (!IJ.isMacro()) return;
		Interpreter.abort();
		Macro.abort();
	}

	/** Progress bar and status line; Esc cancels between model calls; warnings go to the Log. */
	private static final class Progress implements ProgressListener {

		@Override
		public void progress(long done, long total, String what) {
			IJ.showStatus(what);
			if (total > 0) IJ.showProgress((double) done / total);
		}

		@Override
		public boolean isCancelled() {
			return IJ.escapePressed() || Thread.currentThread().isInterrupted();
		}

		@Override
		public void warn(String message) {
			IJ.log("Deep-MAC warning: " + message);
		}
	}

}
