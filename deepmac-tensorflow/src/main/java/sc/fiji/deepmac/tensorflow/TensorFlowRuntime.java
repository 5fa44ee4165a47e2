package sc.fiji.deepmac.tensorflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.logging.Logger;
import java.util.stream.Stream;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;

import sc.fiji.deepmac.engine.spi.EngineException;

/**
 * Makes DJL's TensorFlow engine load offline, from the natives of {@code tensorflow-core-native} that ship on
 * the class path, and decides the compute device.
 * <p>
 * DJL would otherwise download natives at run time. Instead, the first call extracts the natives jar's library
 * folder into a per-user cache (once per version and flavour, atomically) and names that folder in
 * {@code TENSORFLOW_LIBRARY_PATH} before the engine class loads.
 */
public final class TensorFlowRuntime {

	/** System property or environment variable that overrides where natives are extracted. */
	public static final String CACHE_PROPERTY = "deepmac.cache";
	static final String LIBRARY_PATH_PROPERTY = "TENSORFLOW_LIBRARY_PATH";
	private static final String NATIVES_ROOT = "org/tensorflow/internal/c_api/";
	private static final String JNI_LIBRARY = System.mapLibraryName("jnitensorflow");
	private static final Logger LOG = Logger.getLogger(TensorFlowRuntime.class.getName());

	private static volatile Engine engine;

	private TensorFlowRuntime() {}

	/** The TensorFlow engine, its natives prepared on first use. */
	public static Engine engine() {
		Engine e = engine;
		if (e == null) {
			synchronized (TensorFlowRuntime.class) {
				e = engine;
				if (e == null) {
					prepareNatives();
					// Never let DJL reach for the network.
					System.setProperty("ai.djl.offline", "true");
					System.setProperty("DJL_CACHE_DIR", cacheRoot().resolve("djl").toString());
					e = Engine.getEngine("TensorFlow");
					engine = e;
				}
			}
		}
		return e;
	}

	/**
	 * Chooses the device that a model will run on: {@code cpu} or {@code gpu} for {@code cpu}, {@code gpu} or
	 * {@code auto}.
	 *
	 * @throws EngineException of kind DEVICE when a GPU is asked for and none can be used, saying why and what to do
	 */
	public static String resolve(String requested) {
		engine();
		boolean gpuNatives = gpuNatives();
		int gpus = gpuNatives ? CudaUtils.getGpuCount() : 0;
		switch (requested.trim().toLowerCase(Locale.ROOT)) {
			case "cpu":
				return "cpu";
			case "gpu":
				if (!gpuNatives) throw new EngineException(EngineException.Kind.DEVICE,
					"GPU asked for, but the installed TensorFlow natives are CPU-only: install the GPU build of Deep-MAC "
						+ "('mvn -Pgpu package', CUDA natives) or choose the device cpu");
				if (gpus == 0) throw new EngineException(EngineException.Kind.DEVICE,
					"GPU asked for, but no CUDA GPU is visible (check the NVIDIA driver and CUDA_VISIBLE_DEVICES) - or "
						+ "choose the device cpu");
				return "gpu";
			case "auto":
				String chosen = gpus > 0 ? "gpu" : "cpu";
				LOG.info("Device auto: using " + chosen + (gpus > 0 ? " (" + gpus + " CUDA GPU(s) visible)"
					: gpuNatives ? " (GPU natives present but no CUDA GPU visible)" : " (CPU-only TensorFlow natives)"));
				return chosen;
			default:
				throw new EngineException(EngineException.Kind.DEVICE, "Unknown device '" + requested + "': use cpu, gpu or auto");
		}
	}

	/** Whether the natives on the class path are TensorFlow's CUDA build. */
	public static boolean gpuNatives() {
		return nativesPlatform().endsWith("-gpu");
	}

	/** Per-user cache folder of this project: {@code deepmac.cache} if set, else {@code ~/.cache/deepmac-fiji}. */
	public static Path cacheRoot() {
		String override = System.getProperty(CACHE_PROPERTY, System.getenv("DEEPMAC_CACHE"));
		if (override != null && !override.isBlank()) return Paths.get(override);
		return Paths.get(System.getProperty("user.home"), ".cache", "deepmac-fiji");
	}

	private static void prepareNatives() {
		String preset = System.getProperty(LIBRARY_PATH_PROPERTY, System.getenv(LIBRARY_PATH_PROPERTY));
		if (preset != null && !preset.isBlank()) return; // the user chose natives of their own
		String platform = nativesPlatform();
		URL jni = resource(NATIVES_ROOT + platform + "/" + JNI_LIBRARY);
		try {
			Path target = cacheRoot().resolve("tensorflow").resolve(nativesVersion(jni) + "-" + platform);
			if (!Files.isRegularFile(target.resolve(JNI_LIBRARY))) extract(jni, platform, target);
			System.setProperty(LIBRARY_PATH_PROPERTY, target.resolve(JNI_LIBRARY).toString());
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot extract the TensorFlow natives into " + cacheRoot()
				+ ": " + e.getMessage() + " (set -D" + CACHE_PROPERTY + "=DIR to use another folder)", e);
		}
	}

	/** The natives folder name found on the class path, e.g. {@code linux-x86_64} or {@code linux-x86_64-gpu}. */
	private static String nativesPlatform() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		String base = (os.contains("mac") ? "macosx" : os.contains("win") ? "windows" : "linux") + "-"
			+ (arch.contains("aarch64") || arch.contains("arm64") ? "arm64" : "x86_64");
		if (resource(NATIVES_ROOT + base + "-gpu/" + JNI_LIBRARY) != null) return base + "-gpu";
		if (resource(NATIVES_ROOT + base + "/" + JNI_LIBRARY) != null) return base;
		throw new IllegalStateException("No TensorFlow natives for " + base + " on the class path: add "
			+ "org.tensorflow:tensorflow-core-native:1.0.0 with classifier " + base);
	}

	private static URL resource(String name) {
		return TensorFlowRuntime.class.getClassLoader().getResource(name);
	}

	private static String nativesVersion(URL jni) throws IOException {
		if (!"jar".equals(jni.getProtocol())) return "dev";
		try (JarFile jar = ((JarURLConnection) jni.openConnection()).getJarFile()) {
			String version = jar.getManifest() == null ? null
				: jar.getManifest().getMainAttributes().getValue("Implementation-Version");
			return version != null ? version : Path.of(jar.getName()).getFileName().toString().replace(".jar", "");
		}
	}

	/** Copies every file of the natives folder into a temporary sibling of {@code target}, then renames it. */
	private static void extract(URL jni, String platform, Path target) throws IOException {
		Files.createDirectories(target.getParent());
		Path tmp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp");
		LOG.info("Extracting TensorFlow natives (" + platform + ") to " + target + " - once per version");
		try {
			if ("jar".equals(jni.getProtocol())) {
				JarURLConnection connection = (JarURLConnection) jni.openConnection();
				connection.setUseCaches(false);
				try (JarFile jar = connection.getJarFile()) {
					String prefix = NATIVES_ROOT + platform + "/";
					for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements();) {
						JarEntry entry = entries.nextElement();
						String name = entry.getName();
						if (entry.isDirectory() || !name.startsWith(prefix) || name.substring(prefix.length()).contains("/")) continue;
						try (InputStream in = jar.getInputStream(entry)) {
							Files.copy(in, tmp.resolve(name.substring(prefix.length())));
						}
					}
				}
			}
			else {
				Path folder = Paths.get(toUri(jni)).getParent();
				try (Stream<Path> files = Files.list(folder)) {
					for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, tmp.resolve(f.getFileName()));
				}
			}
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
				// another process finished first: its copy is as good as ours
			}
		}
		finally {
			deleteTree(tmp);
		}
	}

	private static java.net.URI toUri(URL url) throws IOException {
		try {
			return url.toURI();
		}
		catch (java.net.URISyntaxException e) {
			throw new IOException(e);
		}
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) return;
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
		}
	}
}
