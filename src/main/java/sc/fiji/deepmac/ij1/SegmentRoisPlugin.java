package sc.fiji.deepmac.ij1;

import java.awt.GraphicsEnvironment;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import sc.fiji.deepmac.box.BoxInputException;
import sc.fiji.deepmac.image.PercentileNormalization;
import sc.fiji.deepmac.model.ModelCache;
import sc.fiji.deepmac.model.ModelException;
import sc.fiji.deepmac.plugin.ModelLocator;
import sc.fiji.deepmac.plugin.Outputs;
import sc.fiji.deepmac.plugin.RoiSegmentation;
import sc.fiji.deepmac.plugin.RoiSource;
import sc.fiji.deepmac.plugin.UnpositionedRois;
import sc.fiji.deepmac.runtime.ComputeDevice;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationOptions;
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

	@Override
	public void run(String arg) {
		ImagePlus image = WindowManager.getCurrentImage();
		if (image == null) {
			error("No image: open the image to segment first, then draw rectangles around its objects");
			return;
		}
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
		catch (BoxInputException | ModelException | IllegalArgumentException | IllegalStateException
			| UncheckedIOException e) {
			error(e.getMessage());
		}
		finally {
			IJ.showProgress(1.0);
		}
	}

	/** The dialog; null when cancelled. In macros the options string fills it and it is not shown. */
	private RoiSegmentation.Settings ask(ImagePlus image) {
		boolean macro = Macro.getOptions() != null;
		String model = macro ? "" : Prefs.get(PREFS + "model", defaultModel());
		String device = macro ? "auto" : Prefs.get(PREFS + "device", "auto");
		double threshold = macro ? SegmentationOptions.DEFAULT_THRESHOLD : Prefs.get(PREFS + "threshold", 0.5);
		int channel = macro ? 0 : (int) Prefs.get(PREFS + "channel", 0);
		String source = macro ? RoiSource.ROI_MANAGER.label() : Prefs.get(PREFS + "source", RoiSource.ROI_MANAGER.label());
		String file = macro ? "" : Prefs.get(PREFS + "roiset", "");
		String unpositioned = macro ? UnpositionedRois.EVERY_PLANE.label()
			: Prefs.get(PREFS + "unpositioned", UnpositionedRois.EVERY_PLANE.label());
		String produce = macro ? Outputs.CHOICES[0] : Prefs.get(PREFS + "produce", Outputs.CHOICES[0]);

		if (macro && GraphicsEnvironment.isHeadless()) {
			// no dialog can be built without a display (plain ImageJ 1.x); read the macro's options as it would
			String options = Macro.getOptions();
			model = Macro.getValue(options, "model", model);
			device = Macro.getValue(options, "device", device);
			double t = number(Macro.getValue(options, "threshold", "" + threshold), "threshold");
			double c = number(Macro.getValue(options, "channel", "" + channel), "channel");
			source = Macro.getValue(options, "rois", source);
			file = Macro.getValue(options, "roiset", file);
			unpositioned = Macro.getValue(options, "unpositioned", unpositioned);
			produce = Macro.getValue(options, "produce", produce);
			if (Double.isNaN(t) || Double.isNaN(c)) return null;
			return settings(model.trim(), device, t, (int) c, source, file.trim(), unpositioned, produce);
		}

		GenericDialog gd = new GenericDialog(TITLE + " Segment ROIs");
		gd.addDirectoryField("Model", model, 30);
		gd.addChoice("Device", new String[] { "auto", "cpu", "gpu" }, device);
		gd.addNumericField("Threshold", threshold, 2);
		gd.addNumericField("Channel", channel, 0, 3, "(0 = RGB composite)");
		gd.addChoice("ROIs from", RoiSource.labels(), source);
		gd.addFileField("RoiSet file", file, 30);
		if (image.getStackSize() > 1 || macro)
			gd.addChoice("Unpositioned ROIs act on", UnpositionedRois.labels(), unpositioned);
		gd.addChoice("Produce", Outputs.CHOICES, produce);
		gd.addMessage("Installed models: " + (ModelLocator.installed().isEmpty() ? "none (give a folder)"
			: String.join(", ", ModelLocator.installed().keySet())) + "\nEsc cancels a running segmentation.");
		gd.addHelp("https://github.com/deepmac-fiji/deepmac-fiji/blob/main/docs/install.md");
		gd.showDialog();
		if (gd.wasCanceled()) return null;

		model = gd.getNextString().trim();
		device = gd.getNextChoice();
		threshold = gd.getNextNumber();
		channel = (int) gd.getNextNumber();
		source = gd.getNextChoice();
		file = gd.getNextString().trim();
		if (image.getStackSize() > 1 || macro) unpositioned = gd.getNextChoice();
		produce = gd.getNextChoice();
		if (gd.invalidNumber()) {
			error("Threshold and channel must be numbers");
			return null;
		}
		RoiSegmentation.Settings settings = settings(model, device, threshold, channel, source, file, unpositioned, produce);
		if (settings != null && !macro) {
			Prefs.set(PREFS + "model", model);
			Prefs.set(PREFS + "device", device);
			Prefs.set(PREFS + "threshold", threshold);
			Prefs.set(PREFS + "channel", channel);
			Prefs.set(PREFS + "source", source);
			Prefs.set(PREFS + "roiset", file);
			Prefs.set(PREFS + "unpositioned", unpositioned);
			Prefs.set(PREFS + "produce", produce);
		}
		return settings;
	}

	private static RoiSegmentation.Settings settings(String model, String device, double threshold, int channel,
		String source, String file, String unpositioned, String produce)
	{
		try {
			return new RoiSegmentation.Settings(model, ComputeDevice.parse(device),
				new SegmentationOptions((float) threshold, channel, PercentileNormalization.DEFAULT,
					SegmentationOptions.DEFAULT_MIN_BOX_SIZE),
				RoiSource.parse(source), file.isEmpty() ? null : Paths.get(file), UnpositionedRois.parse(unpositioned),
				Outputs.parse(produce));
		}
		catch (IllegalArgumentException e) {
			error(e.getMessage());
			return null;
		}
	}

	private static double number(String text, String key) {
		try {
			return Double.parseDouble(text.trim());
		}
		catch (NumberFormatException e) {
			error(key + "=" + text + " is not a number");
			return Double.NaN;
		}
	}

	private static String defaultModel() {
		var installed = ModelLocator.installed();
		return installed.size() == 1 ? installed.keySet().iterator().next() : "";
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
