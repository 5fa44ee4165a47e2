package sc.fiji.deepmac.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import java.util.stream.Stream;

import sc.fiji.deepmac.engine.spi.MaskEngine;
import sc.fiji.deepmac.model.ModelException;

/**
 * Finds and starts the engine that runs models, once per JVM.
 * <p>
 * The engine is a folder of jars, {@code lib/deepmac/} of the installation (Fiji.app, an ImageJ folder), with the
 * natives in a sub-folder named like Fiji's platform folders ({@code linux64}, {@code macosx}, {@code macos-arm64},
 * {@code win64}, {@code linux-arm64}). It is loaded in an {@link IsolatingClassLoader} whose parent is the core's
 * class loader, sharing only {@link MaskEngine}'s package. The folder is, in this order: the
 * {@value #PATH_PROPERTY} system property (or the {@code DEEPMAC_ENGINE} environment variable), else the first
 * {@code lib/deepmac} beside or above the jar that holds this class. Without one, an engine on the class path itself
 * is used (training and the engine's own tests, which build TensorFlow graphs directly).
 */
public final class Engines {

	/** System property naming the engine folder. */
	public static final String PATH_PROPERTY = "deepmac.engine.path";
	/** Where the engine folder lies in an installation. */
	public static final String INSTALL_FOLDER = "lib/deepmac";
	private static final String SHARED_PACKAGE = MaskEngine.class.getPackageName() + ".";
	private static final Logger LOG = Logger.getLogger(Engines.class.getName());

	private static MaskEngine engine;
	private static String origin;

	private Engines() {}

	/**
	 * The engine, started on first use.
	 *
	 * @throws ModelException when there is none, saying where it was looked for
	 */
	public static synchronized MaskEngine get() {
		if (engine == null) {
			Optional<Path> folder = folder();
			if (folder.isPresent()) {
				engine = isolated(folder.get());
				origin = folder.get().toString();
			}
			else {
				engine = onClassPath().orElseThrow(() -> new ModelException("The Deep-MAC engine is not installed: no "
					+ INSTALL_FOLDER + " folder beside or above " + codeLocation() + "; copy the whole Deep-MAC install "
					+ "(its lib/deepmac folder too) or set -D" + PATH_PROPERTY + "=DIR"));
				origin = "the class path";
			}
			LOG.fine("Deep-MAC engine: " + engine.description() + " from " + origin);
		}
		return engine;
	}

	/** Where the running engine was loaded from: its folder, or "the class path"; null before {@link #get()}. */
	public static synchronized String origin() {
		return origin;
	}

	/** The engine folder this JVM would use, if any. */
	public static Optional<Path> folder() {
		String named = System.getProperty(PATH_PROPERTY, System.getenv("DEEPMAC_ENGINE"));
		if (named != null && !named.isBlank()) {
			Path folder = Paths.get(named);
			if (!Files.isDirectory(folder)) throw new ModelException("The Deep-MAC engine folder " + folder
				+ " (" + PATH_PROPERTY + ") is not a folder: point it at lib/deepmac of the install");
			return Optional.of(folder);
		}
		Path code = codeLocation();
		for (Path dir = code == null ? null : code.getParent(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve(INSTALL_FOLDER);
			if (Files.isDirectory(candidate)) return Optional.of(candidate);
		}
		return Optional.empty();
	}

	/** Fiji's name of this platform's folder: linux64, linux-arm64, macosx, macos-arm64 or win64. */
	public static String platform() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		boolean arm = System.getProperty("os.arch").toLowerCase(Locale.ROOT).matches("aarch64|arm64");
		if (os.contains("mac")) return arm ? "macos-arm64" : "macosx";
		if (os.contains("win")) return arm ? "win-arm64" : "win64";
		return arm ? "linux-arm64" : "linux64";
	}

	private static MaskEngine isolated(Path folder) {
		List<URL> jars = new ArrayList<>(jars(folder));
		jars.addAll(jars(folder.resolve(platform())));
		if (jars.isEmpty()) throw new ModelException("The Deep-MAC engine folder " + folder + " holds no jars: "
			+ "reinstall Deep-MAC");
		IsolatingClassLoader loader = new IsolatingClassLoader("deepmac-engine", jars.toArray(URL[]::new),
			Engines.class.getClassLoader(), List.of(SHARED_PACKAGE));
		for (MaskEngine candidate : ServiceLoader.load(MaskEngine.class, loader))
			if (candidate.getClass().getClassLoader() == loader) return candidate;
		throw new ModelException("The Deep-MAC engine folder " + folder + " holds no engine (no "
			+ MaskEngine.class.getName() + " service): reinstall Deep-MAC");
	}

	private static Optional<MaskEngine> onClassPath() {
		return ServiceLoader.load(MaskEngine.class, Engines.class.getClassLoader()).findFirst();
	}

	private static List<URL> jars(Path folder) {
		if (!Files.isDirectory(folder)) return List.of();
		try (Stream<Path> files = Files.list(folder)) {
			List<URL> urls = new ArrayList<>();
			for (Path jar : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator)
				urls.add(jar.toUri().toURL());
			return urls;
		}
		catch (IOException e) {
			throw new ModelException("Cannot read the Deep-MAC engine folder " + folder + ": " + e.getMessage());
		}
	}

	private static Path codeLocation() {
		try {
			var source = Engines.class.getProtectionDomain().getCodeSource();
			return source == null ? null : Paths.get(source.getLocation().toURI()).toAbsolutePath();
		}
		catch (URISyntaxException | RuntimeException e) {
			return null;
		}
	}

}
