package sc.fiji.deepmac.ij1;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.model.ModelDownload;
import sc.fiji.deepmac.model.ModelInstaller;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.model.ModelRegistry;
import sc.fiji.deepmac.options.RunOptions;

/**
 * Plugins > Deep-MAC > Models...: the installed models with the first line of their cards, install from a known
 * name, a URL or an archive file (progress in ImageJ's bar, Esc cancels), show a card in the Log, remove. Installs go
 * to {@code <ImageJ>/models/deepmac} where it can be written, else to the user's models folder (docs/models.md).
 * Macros: {@code run("Deep-MAC Models...", "action=install source=[URL] sha256=[H]")}, {@code action=remove
 * model=NAME}, {@code action=card model=NAME}.
 */
public class ModelsPlugin implements PlugIn {

	static final String TITLE = "Deep-MAC Models";
	private static final String[] ACTIONS = { "install", "card", "remove" };

	@Override
	public void run(String arg) {
		String options = Macro.getOptions();
		Map<String, Path> installed = ModelLocator.installed();
		String[] names = installed.isEmpty() ? new String[] { "" } : installed.keySet().toArray(String[]::new);
		String action, source = "", sha256 = "", model = names[0];
		boolean trust;
		if (options != null && GraphicsEnvironment.isHeadless()) {
			action = Macro.getValue(options, "action", "install");
			source = Macro.getValue(options, "source", "");
			sha256 = Macro.getValue(options, "sha256", "");
			model = Macro.getValue(options, "model", model);
			trust = (" " + options + " ").contains(" trust_this_model ");
		}
		else {
			GenericDialog gd = new GenericDialog(TITLE);
			gd.addMessage(listing(installed));
			gd.addChoice("Action", ACTIONS, ACTIONS[0]);
			gd.addStringField("Source", "", 45);
			gd.addMessage("Source: a known model (" + String.join(", ", ModelRegistry.entries().keySet())
				+ "), a URL or an archive file");
			gd.addStringField("SHA-256", "", 45);
			gd.addCheckbox(RunOptions.TRUST_MODEL_LABEL, false);
			gd.addChoice("Model", names, model);
			gd.addMessage("Installs go to " + installFolder() + ". Esc cancels a download; the next install resumes it.");
			gd.showDialog();
			if (gd.wasCanceled()) return;
			action = gd.getNextChoice();
			source = gd.getNextString().trim();
			sha256 = gd.getNextString().trim();
			trust = gd.getNextBoolean();
			model = gd.getNextChoice();
		}
		try {
			switch (action) {
				case "install" -> install(source, sha256, trust);
				case "card" -> IJ.log(card(installed, model));
				case "remove" -> remove(installed, model, options != null);
				default -> throw new UserError(UserError.Kind.INPUT, "Action '" + action + "' is not one of "
					+ String.join(", ", ACTIONS));
			}
		}
		catch (CancellationException e) {
			IJ.log("Deep-MAC: download cancelled; the next install of the same model resumes it");
		}
		catch (UserError e) {
			SegmentRoisPlugin.error(e.getMessage());
		}
		catch (NoClassDefFoundError e) {
			// Fiji ships commons-compress in jars/; a plain ImageJ 1.x may not have it
			SegmentRoisPlugin.error("Installing model archives needs Apache Commons Compress (" + e.getMessage()
				+ " is missing): copy lib/deepmac/commons-compress-*.jar of the Deep-MAC install into ImageJ's jars/ folder");
		}
		finally {
			IJ.showProgress(1.0);
		}
	}

	/** {@code <ImageJ>/models/deepmac} where it can be written, else the user's models folder. */
	static Path installFolder() {
		String imagej = System.getProperty(ModelLocator.IMAGEJ_DIR_PROPERTY, IJ.getDirectory("imagej"));
		if (imagej != null) {
			Path fiji = Paths.get(imagej, "models", "deepmac");
			if (Files.isWritable(Files.isDirectory(fiji) ? fiji : Paths.get(imagej))) return fiji;
		}
		return ModelLocator.userFolder();
	}

	private static void install(String source, String sha256, boolean trust) {
		if (source.isEmpty()) throw new UserError(UserError.Kind.INPUT, "No source: give a known model's name, a URL or "
			+ "an archive file");
		ModelInstaller.Installed done = new ModelInstaller(installFolder()).install(source, sha256.isEmpty() ? null : sha256,
			trust, new ImageJProgress());
		IJ.log("Deep-MAC: installed " + done.name() + " in " + done.folder() + "; archive sha256 " + done.archiveSha256()
			+ (done.checksumPinned() ? " (as expected)" : " (recorded; compare it with the publisher's)"));
	}

	private static void remove(Map<String, Path> installed, String model, boolean macro) {
		Path folder = installed.get(model);
		if (folder == null) throw new UserError(UserError.Kind.INPUT, "No installed model '" + model + "'");
		if (!macro && !IJ.showMessageWithCancel(TITLE, "Remove " + model + " (" + folder + ")?")) return;
		new ModelInstaller(folder.getParent()).remove(model);
		IJ.log("Deep-MAC: removed " + folder);
	}

	private static String card(Map<String, Path> installed, String model) {
		Path folder = installed.get(model);
		if (folder == null) throw new UserError(UserError.Kind.INPUT, "No installed model '" + model + "'");
		Path card = folder.resolve("README.md");
		try {
			return Files.isRegularFile(card) ? Files.readString(card)
				: model + " (" + folder + ") has no card (README.md)"
					+ ModelRegistry.get(model).map(e -> ": " + e.description() + "; licence " + e.licence()).orElse("");
		}
		catch (IOException e) {
			throw new UserError(UserError.Kind.INPUT, "Cannot read " + card + ": " + e.getMessage());
		}
	}

	private static String listing(Map<String, Path> installed) {
		if (installed.isEmpty()) return "No models installed yet.";
		StringBuilder text = new StringBuilder("Installed models:\n");
		installed.forEach((name, folder) -> text.append("  ").append(ModelRegistry.withAlias(name)).append(" - ").append(firstLine(folder))
			.append("\n     ").append(folder).append('\n'));
		return text.toString();
	}

	private static String firstLine(Path folder) {
		try {
			Path card = folder.resolve("README.md");
			List<String> lines = Files.isRegularFile(card) ? Files.readAllLines(card) : List.of();
			return lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("(no card)").replaceFirst("^#+\\s*", "");
		}
		catch (IOException e) {
			return "(card unreadable)";
		}
	}

	/** ImageJ's progress bar and status line; Esc cancels. */
	private static final class ImageJProgress implements ModelDownload.Progress {

		private long total, done;

		@Override
		public void start(long total, long done) {
			this.total = total;
			this.done = done;
		}

		@Override
		public void advance(long bytes) {
			if (IJ.escapePressed()) {
				IJ.resetEscape();
				throw new CancellationException("Download cancelled");
			}
			done += bytes;
			if (total > 0) IJ.showProgress((double) done / total);
			IJ.showStatus("Deep-MAC: downloading " + done / (1 << 20) + (total > 0 ? " of " + total / (1 << 20) : "") + " MiB");
		}

		@Override
		public void end() {
			IJ.showStatus("");
		}
	}
}
