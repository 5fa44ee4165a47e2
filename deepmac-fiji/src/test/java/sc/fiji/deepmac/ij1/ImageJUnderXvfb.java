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
 * A real ImageJ 1.x (the {@code ij} jar of the build) with {@code target/fiji/} copied into its folder as it is, as
 * docs/install.md tells users to, run on a macro under {@code xvfb-run}. Tests that use it are skipped when
 * {@code xvfb-run} is not installed.
 */
final class ImageJUnderXvfb {

	/** How ImageJ is started. */
	enum Layout {
		/** Plain ImageJ 1.x, started like {@code java -jar ij.jar}: ImageJ finds plugins/ and jars/ itself. */
		IMAGEJ,
		/**
		 * As Fiji starts: every jar of jars/ and plugins/ on one flat system class path, with TensorFlow 1.15 Java
		 * (CSBDeep, StarDist, N2V: libtensorflow, its natives, its protos, protobuf-java 3, JavaCPP 1.5.10) ahead of
		 * them and in jars/, and the test classes (for {@link Tf115Probe}).
		 */
		FIJI
	}

	static final String SCREEN = "1280x800x24";
	private final Path root;
	private final Layout layout;

	private ImageJUnderXvfb(Path root, Layout layout) {
		this.root = root;
		this.layout = layout;
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

	/** The TensorFlow 1.15 jars (target/tf115/, copied there by the build). */
	static List<Path> tensorFlow115Jars() throws IOException {
		Path dir = Paths.get(System.getProperty("deepmac.tf115", "target/tf115"));
		Assumptions.assumeTrue(Files.isDirectory(dir), "no " + dir + ": run mvn verify");
		return jars(dir);
	}

	/**
	 * An ImageJ folder {@code target/imagej/<name>} with target/fiji/ in it as it is: each of its files linked at the same relative
	 * path (plugins/, jars/, lib/deepmac/ with the natives' platform folder, models/deepmac/), as a copy would lay
	 * them. The {@link Layout#FIJI} layout also gets the TensorFlow 1.15 jars in jars/.
	 */
	static ImageJUnderXvfb install(String name, Layout layout) throws IOException {
		// under target/, not a JUnit temporary folder: JUnit warns about every link it deletes there
		Path dir = Paths.get(System.getProperty("basedir", "."), "target", "imagej", name).toAbsolutePath();
		if (Files.exists(dir)) try (Stream<Path> old = Files.walk(dir)) {
			for (Path p : (Iterable<Path>) old.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
		}
		Path from = fijiLayout();
		try (Stream<Path> files = Files.walk(from)) {
			for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
				Path to = dir.resolve(from.relativize(f).toString());
				Files.createDirectories(to.getParent());
				Files.createSymbolicLink(to, f.toAbsolutePath());
			}
		}
		if (layout == Layout.FIJI)
			for (Path jar : tensorFlow115Jars())
				Files.createSymbolicLink(dir.resolve("jars").resolve(jar.getFileName()), jar.toAbsolutePath());
		Files.createDirectories(dir.resolve("home"));
		Files.createDirectories(dir.resolve("macros"));
		return new ImageJUnderXvfb(dir, layout);
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
			"-Duser.home=" + root.resolve("home"),
			"-D" + TensorFlowRuntime.CACHE_PROPERTY + "=" + TensorFlowRuntime.cacheRoot()));
		// plain ImageJ as "java -jar ij.jar" starts it, plus the test classes (DialogDriver, Tf115Probe)
		String classPath = layout == Layout.IMAGEJ ? ijJar() + File.pathSeparator + testClasses() : fijiClassPath();
		cmd.addAll(List.of("-cp", classPath, "ij.ImageJ"));
		cmd.addAll(List.of("-ijpath", root.toString(), batch ? "-batch" : "-macro", file.toString()));
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

	/** TensorFlow 1.15 first, then ImageJ, then every other jar of jars/ and plugins/, then the test classes. */
	private String fijiClassPath() throws IOException {
		List<Path> path = new ArrayList<>(tensorFlow115Jars());
		path.add(ijJar());
		for (Path jar : jars(root.resolve("jars")))
			if (path.stream().noneMatch(p -> p.getFileName().equals(jar.getFileName()))) path.add(jar);
		path.addAll(jars(root.resolve("plugins")));
		path.add(testClasses());
		return String.join(File.pathSeparator, path.stream().map(Path::toString).toList());
	}

	private static Path testClasses() {
		return Paths.get(System.getProperty("basedir", "."), "target", "test-classes").toAbsolutePath();
	}

	private static List<Path> jars(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
		}
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

	/**
	 * Keeps a screenshot that a test made: in target/screenshots/, and in docs/images/ (the README's pictures) when
	 * that has none yet or when asked with -Ddeepmac.updateScreenshot=true, so that a plain mvn verify leaves the
	 * working tree clean.
	 */
	static void keepScreenshot(Path shot, String name) throws IOException {
		Path target = Files.createDirectories(Paths.get(System.getProperty("basedir", "."), "target", "screenshots"));
		Files.copy(shot, target.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Path docs = Paths.get(System.getProperty("deepmac.docs", "../docs"), "images", name);
		if (!Files.exists(docs) || Boolean.getBoolean("deepmac.updateScreenshot")) {
			Files.createDirectories(docs.getParent());
			Files.copy(shot, docs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
	}
}
