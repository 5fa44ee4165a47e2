package sc.fiji.deepmac.ij1;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import sc.fiji.deepmac.tensorflow.TensorFlowRuntime;

/**
 * A real ImageJ 1.x (the {@code ij} jar of the build) with {@code target/fiji/} installed the way docs/install.md
 * tells ImageJ 1.x users to (plugin jar in plugins/, dependencies in plugins/jars/), run on a macro under
 * {@code xvfb-run}. Tests that use it are skipped when {@code xvfb-run} is not installed.
 */
final class ImageJUnderXvfb {

	static final String SCREEN = "1280x800x24";
	private final Path root;
	private final Path home;

	private ImageJUnderXvfb(Path root) {
		this.root = root;
		this.home = root.resolve("home");
	}

	/** Skips the calling test unless xvfb-run is on the PATH and target/fiji/ has been laid out by mvn package. */
	static void assumeAvailable() {
		Assumptions.assumeTrue(onPath("xvfb-run"), "xvfb-run is not installed (apt-get install xvfb xauth)");
		Assumptions.assumeTrue(Files.isDirectory(fijiLayout().resolve("plugins")),
			"target/fiji/ is missing: run mvn package (these tests run in mvn verify)");
	}

	static Path fijiLayout() {
		return Paths.get(System.getProperty("basedir", "."), "target", "fiji");
	}

	/**
	 * An ImageJ folder under {@code dir} with target/fiji/ linked in: the plugin jar in plugins/ and the dependencies
	 * in plugins/jars/ (as docs/install.md says for ImageJ 1.x), or with {@code asInFiji} in jars/ (target/fiji/ copied
	 * as it is, the Fiji.app layout; ImageJ 1.x also reads the jars of its jars/ folder).
	 */
	static ImageJUnderXvfb install(Path dir, boolean asInFiji) throws IOException {
		Path plugins = Files.createDirectories(dir.resolve("plugins"));
		Path jars = Files.createDirectories(asInFiji ? dir.resolve("jars") : plugins.resolve("jars"));
		Files.createDirectories(dir.resolve("home"));
		Files.createDirectories(dir.resolve("macros"));
		link(fijiLayout().resolve("plugins"), plugins);
		link(fijiLayout().resolve("jars"), jars);
		return new ImageJUnderXvfb(dir);
	}

	private static void link(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.list(from)) {
			for (Path f : (Iterable<Path>) files::iterator)
				if (f.toString().endsWith(".jar")) Files.createSymbolicLink(to.resolve(f.getFileName()), f.toAbsolutePath());
		}
	}

	Path root() {
		return root;
	}

	/** What ImageJ printed, and its exit status. */
	record Run(int exitCode, String output) {}

	/**
	 * Runs {@code macro} with {@code -macro} (ImageJ's window open) or {@code -batch} (no ImageJ window), waiting at
	 * most {@code timeoutSeconds}.
	 */
	Run run(String macro, boolean batch, int timeoutSeconds) throws IOException, InterruptedException {
		Path file = root.resolve("macros").resolve("test-" + System.nanoTime() + ".ijm");
		Files.writeString(file, macro);
		List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a", "-s", "-screen 0 " + SCREEN,
			Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
			"-Duser.home=" + home, "-D" + TensorFlowRuntime.CACHE_PROPERTY + "=" + TensorFlowRuntime.cacheRoot(),
			"-jar", ijJar().toString(), "-ijpath", root.toString(), batch ? "-batch" : "-macro", file.toString()));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
		Path log = root.resolve("imagej-" + System.nanoTime() + ".log");
		pb.redirectOutput(log.toFile());
		Process p = pb.start();
		if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			p.waitFor(10, TimeUnit.SECONDS);
			return new Run(-1, "TIMED OUT after " + timeoutSeconds + " s\n" + Files.readString(log, StandardCharsets.UTF_8));
		}
		return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
	}

	/** The ImageJ 1.x jar that the build depends on. */
	static Path ijJar() {
		try {
			return Paths.get(ij.IJ.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (java.net.URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		if (path == null) return false;
		for (String dir : path.split(File.pathSeparator))
			if (Files.isExecutable(Paths.get(dir, program))) return true;
		return false;
	}

	/** A macro string literal for {@code path}. */
	static String quote(Path path) {
		return "\"" + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}
}
