package sc.fiji.deepmac.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;


/**
 * Finds the model folder that a dialog, macro or script names: a folder path, the name of an installed model, or
 * the short name of a known one ({@code nuclei}, {@code objects}: {@link ModelRegistry.Entry#alias()}).
 * Installed models are the SavedModel folders under {@code <ImageJ>/models/deepmac/} (Fiji.app or the ImageJ 1.x
 * folder), under the user's models folder ({@link #userFolder()}) and under {@code <deepmac.home>/models/} (the
 * shipped ones); hidden folders (a name starting with a dot: installs in progress) are not models. An empty name
 * means the default model: the one that {@code <deepmac.home>/models/DEFAULT} names, else the installed microscopy
 * model ({@value #DEFAULT_SHORT_NAME}; Fiji has no {@code deepmac.home}), else the only installed model.
 */
public final class ModelLocator {

	/** System property naming the ImageJ folder when ImageJ 1.x has not said it (tests, scripts). */
	public static final String IMAGEJ_DIR_PROPERTY = "ij.dir";
	/** System property (or environment variable {@code DEEPMAC_MODELS}) naming the user's models folder. */
	public static final String MODELS_PROPERTY = "deepmac.models";

	/** The short name of the model an empty name means where no {@code models/DEFAULT} says (as that file does). */
	public static final String DEFAULT_SHORT_NAME = "nuclei";

	private ModelLocator() {}

	/** Installed models by name (folder name), in a stable order. */
	public static Map<String, Path> installed() {
		Map<String, Path> models = new LinkedHashMap<>();
		for (Path root : roots())
			for (Path folder : subfolders(root))
				if (isModel(folder)) models.putIfAbsent(folder.getFileName().toString(), folder);
		return models;
	}

	/**
	 * The model folder for {@code spec}: an existing folder, else an installed model's name, else a known model's
	 * short name, else (when blank) the default model.
	 *
	 * @throws ModelException saying which models there are and how to name one
	 */
	public static Path resolve(String spec) {
		// a directory field (ImageJ's, Fiji's) appends a separator: "name/" is the model "name"
		String s = spec == null ? "" : spec.trim().replaceAll("(?<=.)[/\\\\]+$", "");
		Map<String, Path> installed = installed();
		if (s.isEmpty()) {
			Optional<Path> fallback = DefaultModel.folder();
			if (fallback.isPresent()) return fallback.get();
			Optional<Path> microscopy = ModelRegistry.byAlias(DEFAULT_SHORT_NAME).map(e -> installed.get(e.name()));
			if (microscopy.isPresent()) return microscopy.get();
			if (installed.size() == 1) return installed.values().iterator().next();
			throw new ModelException("No model given: choose a Deep-MAC SavedModel folder"
				+ (installed.isEmpty() ? "" : " or one of the installed models " + installed.keySet()));
		}
		Path installedModel = installed.get(s);
		Path asPath;
		try {
			asPath = Paths.get(s);
		}
		catch (RuntimeException e) {
			asPath = null;
		}
		if (asPath != null && Files.isDirectory(asPath)) return asPath;
		if (installedModel != null) return installedModel;
		Optional<ModelRegistry.Entry> aliased = ModelRegistry.byAlias(s);
		if (aliased.isPresent()) {
			Path folder = installed.get(aliased.get().name());
			if (folder != null) return folder;
			throw new ModelException("Model '" + s + "' (" + aliased.get().name() + ") is not installed: deepmac models install "
				+ aliased.get().name() + ", or give the folder of a Deep-MAC SavedModel");
		}
		throw new ModelException("Model '" + s + "' is neither a folder nor an installed model"
			+ (installed.isEmpty() ? " (none installed under " + roots() + ")" : " (installed: "
				+ String.join(", ", installed.keySet()) + aliases(installed) + ")")
			+ ": give the folder of a Deep-MAC SavedModel");
	}

	/** ", or by short name: nuclei, objects" for the installed models that have one. */
	private static String aliases(Map<String, Path> installed) {
		List<String> names = ModelRegistry.entries().values().stream()
			.filter(e -> !e.alias().isEmpty() && installed.containsKey(e.name())).map(ModelRegistry.Entry::alias).toList();
		return names.isEmpty() ? "" : "; or by short name: " + String.join(", ", names);
	}

	/** What an empty name stands for, to show in a dialog's model field: the default model's name, else "". */
	public static String defaultName() {
		try {
			return resolve("").getFileName().toString();
		}
		catch (ModelException e) {
			return "";
		}
	}

	/** Where installed models are looked for. */
	public static List<Path> roots() {
		List<Path> roots = new ArrayList<>();
		String imagej = imagejDir();
		if (imagej != null) roots.add(Paths.get(imagej, "models", "deepmac"));
		roots.add(userFolder());
		String home = System.getProperty(DefaultModel.HOME_PROPERTY);
		if (home != null && !home.isBlank()) roots.add(Paths.get(home, "models"));
		return roots;
	}

	/**
	 * The user's models folder, where {@code deepmac models install} puts models: {@value #MODELS_PROPERTY} (or
	 * {@code DEEPMAC_MODELS}), else {@code $XDG_DATA_HOME/deepmac-fiji/models}, else
	 * {@code ~/.local/share/deepmac-fiji/models}.
	 */
	public static Path userFolder() {
		String named = System.getProperty(MODELS_PROPERTY, System.getenv("DEEPMAC_MODELS"));
		if (named != null && !named.isBlank()) return Paths.get(named);
		String xdg = System.getenv("XDG_DATA_HOME");
		Path data = xdg != null && Paths.get(xdg).isAbsolute() ? Paths.get(xdg)
			: Paths.get(System.getProperty("user.home"), ".local", "share");
		return data.resolve("deepmac-fiji").resolve("models");
	}


	private static String imagejDir() {
		String dir = System.getProperty(IMAGEJ_DIR_PROPERTY);
		if (dir != null && !dir.isBlank()) return dir;
		try {
			return ij.IJ.getDirectory("imagej");
		}
		catch (RuntimeException | LinkageError e) {
			return null;
		}
	}

	/** Whether {@code folder} holds a SavedModel, itself or in its {@code saved_model/} folder. */
	public static boolean isModel(Path folder) {
		return Files.isRegularFile(folder.resolve("saved_model.pb"))
			|| Files.isRegularFile(folder.resolve("saved_model").resolve("saved_model.pb"));
	}

	private static List<Path> subfolders(Path root) {
		if (!Files.isDirectory(root)) return List.of();
		try (Stream<Path> list = Files.list(root)) {
			return list.filter(Files::isDirectory).filter(f -> !f.getFileName().toString().startsWith(".")).sorted()
				.toList();
		}
		catch (IOException e) {
			return List.of();
		}
	}
}
