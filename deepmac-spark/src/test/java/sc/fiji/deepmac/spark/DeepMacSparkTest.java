package sc.fiji.deepmac.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import sc.fiji.deepmac.cli.DeepMacCli;
import sc.fiji.deepmac.io.OutputLock;
import sc.fiji.deepmac.model.ModelCache;
import sc.fiji.deepmac.options.RunLimits;
import sc.fiji.deepmac.options.RunSettings;
import sc.fiji.deepmac.testing.TestImages;
import sc.fiji.deepmac.testing.TestModelFolders;

/** The Spark job on local[2] against the batch command: the same outputs, each executor JVM loading the model once. */
class DeepMacSparkTest {

	static final String MODEL = TestModelFolders.get(TestModelFolders.INTENSITY).toString();

	@TempDir
	Path tmp;

	/** {@code n} images of {@code size}² with two disks each and their boxes; a corrupt image; one without boxes. */
	private Path folder(int n, int size) throws IOException {
		Path in = Files.createDirectories(tmp.resolve("in"));
		for (int i = 0; i < n; i++) {
			int r = size / 8, a = size / 4 + 3 * i, b = size * 5 / 8 - 2 * i;
			new FileSaver(new ImagePlus("img" + i, TestImages.disks(size, size, a, a, r, b, b, r)))
				.saveAsTiff(in.resolve("img" + i + ".tif").toString());
			Files.writeString(in.resolve("img" + i + ".csv"), "name,x,y,width,height\nfirst," + (a - r - 4) + "," + (a - r - 4)
				+ "," + (2 * r + 8) + "," + (2 * r + 8) + "\nsecond," + (b - r - 4) + "," + (b - r - 4) + "," + (2 * r + 8) + ","
				+ (2 * r + 8) + "\n");
		}
		Files.write(in.resolve("corrupt.tif"), new byte[] { 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 2, 3 });
		Files.writeString(in.resolve("corrupt.csv"), "x,y,width,height\n1,1,5,5\n");
		new FileSaver(new ImagePlus("lonely", TestImages.disks(32, 32, 16, 16, 5))).saveAsTiff(in.resolve("lonely.tif").toString());
		return in;
	}

	/** A pixel limit no test image reaches. */
	private static final long ANY_SIZE = 1L << 30;

	private static String[] args(Path in, Path out, String master) {
		return new String[] { "--master", master, "--input", in.toString(), "--out", out.toString(), "--model", MODEL,
			"--device", "cpu" };
	}

	@Test
	void givesWhatBatchGivesLoadingTheModelOncePerExecutorAndReportsABadImage() throws Exception {
		Path in = folder(3, 96), sparkOut = tmp.resolve("spark"), batchOut = tmp.resolve("batch");
		int loadsBefore = ModelCache.shared().loads();
		DeepMacSpark job = new DeepMacSpark();
		int exit = new CommandLine(job).execute(args(in, sparkOut, "local[2]"));
		assertEquals(DeepMacCli.BAD_INPUT, exit, "a bad image is reported, the job goes on");
		assertEquals(4, job.results.size(), job.results.toString());
		for (ImageResult r : job.results) assertEquals(r.image().contains("corrupt"), r.failed(), r.toString());
		assertModelLoadedOncePerJvm(job.results, loadsBefore);
		List<String> summary = Files.readAllLines(sparkOut.resolve(DeepMacSpark.SUMMARY));
		assertEquals(String.join(",", ImageResult.HEADER), summary.get(0));
		assertEquals(5, summary.size(), summary.toString());
		assertTrue(summary.stream().anyMatch(l -> l.contains("corrupt.tif") && l.contains("it is corrupt")), summary.toString());

		assertEquals(DeepMacCli.BAD_INPUT, DeepMacCli.run("batch", "--input", in.toString(), "--out", batchOut.toString(),
			"--model", MODEL, "--device", "cpu"));
		for (int i = 0; i < 3; i++) assertSameOutputs(batchOut, sparkOut, "img" + i);
		assertEquals(List.of(), strayFiles(sparkOut), "no temporaries, no checksum files");
	}

	@Test
	void aKilledJobRerunCompletes() throws Exception {
		Path in = folder(8, 1200), out = tmp.resolve("out"), batchOut = tmp.resolve("batch");
		List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
		command.addAll(List.of(System.getProperty("spark.jvm.options").split(" ")));
		command.addAll(List.of("-Xmx2g", "-Djava.awt.headless=true", "-Ddeepmac.engine.path=" + System.getProperty("deepmac.engine.path"),
			"-cp", System.getProperty("java.class.path"), DeepMacSpark.class.getName()));
		command.addAll(List.of(args(in, out, "local[1]")));
		Process job = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("job.log").toFile())
			.start();
		Path firstTable = out.resolve("img0_instances.csv");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (!Files.exists(firstTable) && job.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
		assertTrue(job.isAlive(), "killed while it runs:\n" + Files.readString(tmp.resolve("job.log")));
		job.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		long complete;
		try (Stream<Path> files = Files.list(out)) {
			complete = files.filter(f -> f.toString().endsWith("_instances.csv")).count();
		}
		assertTrue(complete >= 1 && complete < 8, complete + " complete image(s) when killed");

		DeepMacSpark rerun = new DeepMacSpark();
		assertEquals(DeepMacCli.BAD_INPUT, new CommandLine(rerun).execute(args(in, out, "local[2]")));
		assertEquals(8 - complete + 1, rerun.results.size(), "the rerun skips what was complete: " + rerun.results);
		assertEquals(DeepMacCli.BAD_INPUT, DeepMacCli.run("batch", "--input", in.toString(), "--out", batchOut.toString(),
			"--model", MODEL, "--device", "cpu"));
		for (int i = 0; i < 8; i++) assertSameOutputs(batchOut, out, "img" + i);
		assertEquals(List.of(), strayFiles(out), "the rerun removed what the killed run left half-written");
	}

	@Test
	void stacksRunAsPlaneTasksGiveWhatBatchGives() throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in")), sparkOut = tmp.resolve("spark"), batchOut = tmp.resolve("batch");
		TestImages.hyperstackTiff(in.resolve("stack.tif"), 3, 2);
		TestImages.hyperstackCsv(in.resolve("stack.csv"), 3, 2);
		// every plane of this one fails: its boxes do not fit it
		TestImages.hyperstackTiff(in.resolve("bad.tif"), 2, 2);
		Files.writeString(in.resolve("bad.csv"), "name,x,y,width,height\noutside,500,500,10,10\n");
		new FileSaver(new ImagePlus("flat", TestImages.disks(64, 48, 16, 20, 10))).saveAsTiff(in.resolve("flat.tif").toString());
		Files.writeString(in.resolve("flat.csv"), "x,y,width,height\n4,8,24,24\n");
		int loadsBefore = ModelCache.shared().loads();

		DeepMacSpark job = new DeepMacSpark();
		assertEquals(DeepMacCli.BAD_INPUT, new CommandLine(job).execute(split(args(in, sparkOut, "local[2]"))));
		assertEquals(6 + 4, job.planeTasks, "the two stacks ran as plane tasks");
		assertEquals(List.of("bad.tif", "flat.tif", "stack.tif"), job.results.stream()
			.map(r -> new org.apache.hadoop.fs.Path(r.image()).getName()).toList(), "one row per image");
		ImageResult bad = job.results.get(0), stack = job.results.get(2);
		assertTrue(bad.error().startsWith("Box 'outside' (x 500, y 500, 10 x 10) lies wholly outside the 96 x 80 image"),
			bad.error());
		assertEquals("", stack.error());
		assertEquals(7, stack.boxes());
		assertEquals(12, stack.instances());
		assertModelLoadedOncePerJvm(job.results, loadsBefore);
		assertEquals(4, Files.readAllLines(sparkOut.resolve(DeepMacSpark.SUMMARY)).size());

		assertEquals(DeepMacCli.BAD_INPUT, DeepMacCli.run("batch", "--input", in.toString(), "--out", batchOut.toString(),
			"--model", MODEL, "--device", "cpu"));
		for (String stem : List.of("stack", "flat"))
			for (String output : List.of("_labels.tif", "_rois.zip", "_instances.csv"))
				assertArrayEquals(Files.readAllBytes(batchOut.resolve(stem + output)), Files.readAllBytes(sparkOut.resolve(
					stem + output)), stem + output);
		ImagePlus labels = new Opener().openImage(sparkOut.resolve("stack_labels.tif").toString());
		assertArrayEquals(new int[] { 96, 80, 1, 3, 2 }, labels.getDimensions());
		for (int n = 1; n <= 6; n++) assertTrue(labels.getStack().getProcessor(n).getStatistics().max > 0, "labels on plane " + n);
		assertEquals(1 + 12, Files.readAllLines(sparkOut.resolve("stack_instances.csv")).size());
		assertFalse(Files.exists(sparkOut.resolve("bad_instances.csv")));
		assertEquals(List.of(), strayFiles(sparkOut), "no temporaries, no checksum files");

		DeepMacSpark rerun = new DeepMacSpark();
		assertEquals(DeepMacCli.BAD_INPUT, new CommandLine(rerun).execute(split(args(in, sparkOut, "local[2]"))));
		assertEquals(List.of(bad.image()), rerun.results.stream().map(ImageResult::image).toList(),
			"the rerun skips the complete stack");
		assertEquals(4, rerun.planeTasks);
	}

	/**
	 * A stack whose merge could not publish (as when a job is killed after its planes): its planes stay saved, and the
	 * rerun takes them instead of segmenting them again, with batch's outputs, then removes them.
	 */
	@Test
	void theRerunOfAStackThatWasNotMergedTakesItsSavedPlanes() throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in")), out = tmp.resolve("out"), batchOut = tmp.resolve("batch");
		TestImages.hyperstackTiff(in.resolve("stack.tif"), 3, 2);
		TestImages.hyperstackCsv(in.resolve("stack.csv"), 3, 2);
		Files.createDirectories(out.resolve("stack_labels.tif").resolve("in the way"));
		DeepMacSpark job = new DeepMacSpark();
		assertEquals(DeepMacCli.BAD_INPUT, new CommandLine(job).execute(split(args(in, out, "local[2]"))));
		assertTrue(job.results.get(0).failed(), "cannot publish: " + job.results);
		assertEquals(0, job.planesSaved);
		assertEquals(6, planeFiles(out).size(), "the six planes saved: " + planeFiles(out));

		deleteTree(out.resolve("stack_labels.tif"));
		DeepMacSpark rerun = new DeepMacSpark();
		assertEquals(DeepMacCli.OK, new CommandLine(rerun).execute(split(args(in, out, "local[2]"))));
		assertEquals(6, rerun.planeTasks);
		assertEquals(6, rerun.planesSaved, "every plane from the first run");
		assertEquals(DeepMacCli.OK, DeepMacCli.run("batch", "--input", in.toString(), "--out", batchOut.toString(), "--model",
			MODEL, "--device", "cpu"));
		for (String output : List.of("_labels.tif", "_rois.zip", "_instances.csv"))
			assertArrayEquals(Files.readAllBytes(batchOut.resolve("stack" + output)), Files.readAllBytes(out.resolve(
				"stack" + output)), output);
		assertEquals(List.of(), strayFiles(out), "the saved planes go once the stack is published");
	}

	/** A plane task saves its plane and a second task of the same run takes it; other settings find nothing saved. */
	@Test
	void aSavedPlaneIsTakenOnlyWithTheSameInputsAndSettings() throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in")), out = tmp.resolve("out");
		TestImages.hyperstackTiff(in.resolve("stack.tif"), 3, 2);
		TestImages.hyperstackCsv(in.resolve("stack.csv"), 3, 2);
		HadoopConf hadoop = new HadoopConf(new org.apache.hadoop.conf.Configuration());
		String image = in.resolve("stack.tif").toString(), boxes = in.resolve("stack.csv").toString();
		StackFiles stack = new StackFiles(image, boxes, RunLimits.defaults(), hadoop);
		RunSettings settings = settings(args(in, out, "local[1]"));
		SavedPlanes saved = SavedPlanes.of(hadoop, new org.apache.hadoop.fs.Path(out.toString()), image, boxes, settings);

		PlaneResult first = new PlaneTask(stack, 4, settings, saved).run();
		assertEquals("", first.error());
		assertFalse(first.fromSavedPlanes());
		PlaneResult again = new PlaneTask(stack, 4, settings, saved).run();
		assertTrue(again.fromSavedPlanes(), "taken from the saved plane");
		assertEquals(first.found().size(), again.found().size());
		for (int i = 0; i < 96 * 80; i++) assertEquals(first.labels().get(i), again.labels().get(i));
		assertEquals(1, saved.count());

		List<String> otherThreshold = new ArrayList<>(List.of(args(in, out, "local[1]")));
		otherThreshold.addAll(List.of("--threshold", "0.3"));
		RunSettings other = settings(otherThreshold.toArray(String[]::new));
		SavedPlanes otherSaved = SavedPlanes.of(hadoop, new org.apache.hadoop.fs.Path(out.toString()), image, boxes,
			other);
		assertFalse(new PlaneTask(stack, 4, other, otherSaved).run().fromSavedPlanes(), "other settings: segmented again");
		Files.writeString(in.resolve("stack.csv"), Files.readString(in.resolve("stack.csv")) + "\n");
		assertEquals(0, SavedPlanes.of(hadoop, new org.apache.hadoop.fs.Path(out.toString()), image, boxes,
			settings).count(), "changed boxes: nothing saved for them");
		saved.clear();
		otherSaved.clear();
		assertFalse(Files.exists(out.resolve(SavedPlanes.FOLDER)));
	}

	private static RunSettings settings(String[] args) {
		DeepMacSpark job = new DeepMacSpark();
		new CommandLine(job).parseArgs(args);
		return job.model.settings();
	}

	private static List<Path> planeFiles(Path out) throws IOException {
		if (!Files.exists(out.resolve(SavedPlanes.FOLDER))) return List.of();
		try (Stream<Path> files = Files.walk(out.resolve(SavedPlanes.FOLDER))) {
			return files.filter(f -> f.toString().endsWith(".plane")).toList();
		}
	}

	private static void deleteTree(Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
		}
	}

	@Test
	void stacksFromSplitFromPlanesOnRunAsPlaneTasks() throws IOException {
		assertFalse(DeepMacSpark.splitsIntoPlanes(7, 8));
		assertTrue(DeepMacSpark.splitsIntoPlanes(8, 8));
		assertTrue(DeepMacSpark.splitsIntoPlanes(2, 2));
		assertFalse(DeepMacSpark.splitsIntoPlanes(1, 1), "one plane is one task");
		assertFalse(DeepMacSpark.splitsIntoPlanes(1000, 0), "0: never");
		assertEquals("8", new CommandLine(new DeepMacSpark()).getCommandSpec().findOption("--split-from").defaultValue());

		HadoopConf hadoop = new HadoopConf(new org.apache.hadoop.conf.Configuration());
		Path in = Files.createDirectories(tmp.resolve("in"));
		assertEquals(6, StackFiles.planes(TestImages.hyperstackTiff(in.resolve("hyper.tif"), 3, 2).toString(), ANY_SIZE, hadoop),
			"(z, t) planes, not channels");
		ImageStack zStack = new ImageStack(20, 20);
		for (int z = 0; z < 5; z++) zStack.addSlice(TestImages.disks(20, 20, 10, 10, z + 2));
		new FileSaver(new ImagePlus("z", zStack)).saveAsTiffStack(in.resolve("z.tif").toString());
		assertEquals(5, StackFiles.planes(in.resolve("z.tif").toString(), ANY_SIZE, hadoop));
		assertEquals(1, StackFiles.planes(TestImages.twoDisksTiff(in.resolve("flat.tif")).toString(), ANY_SIZE, hadoop));
		Files.write(in.resolve("corrupt.tif"), new byte[] { 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 2, 3 });
		assertEquals(1, StackFiles.planes(in.resolve("corrupt.tif").toString(), ANY_SIZE, hadoop), "runs whole, fails as in batch");
		assertEquals(1, StackFiles.planes(in.resolve("missing.tif").toString(), ANY_SIZE, hadoop));
		assertEquals(1, StackFiles.planes(in.resolve("z.tif").toString(), 1000, hadoop),
			"past --max-pixels: runs whole, refused as in batch");
	}

	@Test
	void theLimitsOfTheCommandLineApplyOnTheExecutors() throws Exception {
		Path in = folder(2, 96), out = tmp.resolve("out");
		List<String> args = new ArrayList<>(List.of(args(in, out, "local[2]")));
		args.addAll(List.of("--max-pixels", "5000", "--boxes-per-call", "1"));
		DeepMacSpark job = new DeepMacSpark();
		assertEquals(DeepMacCli.BAD_INPUT, new CommandLine(job).execute(args.toArray(String[]::new)));
		assertEquals(3, job.results.size(), job.results.toString());
		for (ImageResult r : job.results) {
			assertTrue(r.failed(), r.toString());
			if (!r.image().contains("corrupt"))
				assertTrue(r.error().contains("96 x 96") && r.error().contains("--max-pixels"), "96 x 96 > 5000: " + r);
		}
		List<String> zero = new ArrayList<>(List.of(args(in, tmp.resolve("zero"), "local[1]")));
		zero.addAll(List.of("--boxes-per-call", "0"));
		assertEquals(DeepMacCli.BAD_INPUT, DeepMacCli.run(new CommandLine(new DeepMacSpark()), zero.toArray(String[]::new)),
			"--boxes-per-call 0 is refused before Spark starts");
		assertFalse(Files.exists(tmp.resolve("zero").resolve(DeepMacSpark.SUMMARY)));
	}

	@Test
	void imagesSharingAStemAndABusyOutputFolderAreRefused() throws Exception {
		Path in = folder(1, 96), out = tmp.resolve("out");
		new FileSaver(new Opener().openImage(in.resolve("img0.tif").toString())).saveAsPng(in.resolve("img0.png").toString());
		DeepMacSpark job = new DeepMacSpark();
		assertEquals(DeepMacCli.BAD_INPUT, new CommandLine(job).execute(args(in, out, "local[1]")));
		assertEquals(3, job.results.size(), job.results.toString());
		for (ImageResult r : job.results) {
			assertTrue(r.failed(), r.toString());
			if (r.image().contains("img0")) assertTrue(r.error().matches(".*img0\\.png, \\S*img0\\.tif would write the same "
				+ "outputs img0_\\*: rename all but one of them"), r.error());
		}
		assertFalse(Files.exists(out.resolve("img0_instances.csv")), "neither image overwrites the other");

		Path busy = tmp.resolve("busy");
		try (OutputLock batchRun = OutputLock.acquire(busy)) {
			assertEquals(DeepMacCli.BAD_INPUT, DeepMacCli.run(new CommandLine(new DeepMacSpark()), args(in, busy, "local[1]")));
		}
		assertFalse(Files.exists(busy.resolve(DeepMacSpark.SUMMARY)), "refused before any output");
	}

	/** Every stack of two or more planes as plane tasks. */
	private static String[] split(String[] args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--split-from", "2"));
		return all.toArray(String[]::new);
	}

	/** No executor JVM loaded the model twice; in local mode the one JVM is the driver's. */
	private static void assertModelLoadedOncePerJvm(List<ImageResult> results, int loadsBefore) {
		for (ImageResult r : results)
			for (int loads : r.modelLoads().values())
				assertTrue(loads - loadsBefore <= 1, "no executor JVM loads the model twice: " + r);
		assertEquals(1, results.stream().flatMap(r -> r.modelLoads().keySet().stream()).distinct().count(),
			"local mode: one JVM");
	}

	private static void assertSameOutputs(Path expected, Path actual, String stem) throws IOException {
		ImagePlus a = new Opener().openImage(expected.resolve(stem + "_labels.tif").toString());
		ImagePlus b = new Opener().openImage(actual.resolve(stem + "_labels.tif").toString());
		assertArrayEquals((short[]) a.getProcessor().getPixels(), (short[]) b.getProcessor().getPixels(), stem + " labels");
		assertEquals(Files.readString(expected.resolve(stem + "_instances.csv")),
			Files.readString(actual.resolve(stem + "_instances.csv")), stem + " table");
		assertTrue(Files.size(actual.resolve(stem + "_rois.zip")) > 0);
	}

	/** Files in {@code out} other than outputs and the summary. */
	private static List<Path> strayFiles(Path out) throws IOException {
		try (Stream<Path> files = Files.list(out)) {
			return files.filter(f -> !f.getFileName().toString().matches(".*_(labels\\.tif|rois\\.zip|instances\\.csv)")
				&& !f.getFileName().toString().equals(DeepMacSpark.SUMMARY)
				&& !f.getFileName().toString().equals(OutputLock.FILE_NAME)).toList();
		}
	}
}
