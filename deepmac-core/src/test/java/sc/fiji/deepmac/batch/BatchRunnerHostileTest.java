package sc.fiji.deepmac.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.io.OutputLock;
import sc.fiji.deepmac.model.ModelException;
import sc.fiji.deepmac.testing.TestImages;

/** A batch over folders that would make outputs collide, be read back as inputs or be written twice at once. */
class BatchRunnerHostileTest {

	@TempDir
	Path tmp;

	private final ByteArrayOutputStream log = new ByteArrayOutputStream();

	private BatchRunner runner(FileSegmentation segmentation, boolean overwrite) {
		return new BatchRunner(segmentation, overwrite, new PrintStream(log, true, StandardCharsets.UTF_8),
			BatchRunner.Progress.NONE);
	}

	private String log() {
		return log.toString(StandardCharsets.UTF_8);
	}

	@Test
	void imagesThatWouldWriteTheSameOutputsFailEachAndTheBatchGoesOn() throws IOException {
		Path in = tmp.resolve("in");
		TestImages.twoDisksCsv(TestImages.twoDisksTiff(in.resolve("a.tif")).resolveSibling("a.csv"));
		new FileSaver(new ImagePlus("a", TestImages.disks(64, 48, 16, 20, 10))).saveAsPng(in.resolve("a.png").toString());
		TestImages.twoDisksCsv(TestImages.twoDisksTiff(in.resolve("b.tif")).resolveSibling("b.csv"));
		BatchRunner.Summary summary = runner(FileSegmentationTest.segmentation(), false).run(in, tmp.resolve("out"));
		assertEquals(List.of(in.resolve("b.tif")), summary.done());
		assertEquals(List.of("a.png: a.png, a.tif would write the same outputs a_*: rename all but one of them",
			"a.tif: a.png, a.tif would write the same outputs a_*: rename all but one of them"), summary.failures());
		assertTrue(summary.onlyInputFailures());
		assertTrue(log().contains("Batch: 1 segmented, 0 already complete, 0 without boxes, 2 failed"), log());
		assertFalse(Files.exists(tmp.resolve("out/a_labels.tif")));
	}

	@Test
	void outputsInTheInputFolderAreNotInputsHoweverTheFolderIsSpelled() throws IOException {
		Path in = tmp.resolve("in");
		TestImages.twoDisksCsv(TestImages.twoDisksTiff(in.resolve("x.tif")).resolveSibling("x.csv"));
		runner(FileSegmentationTest.segmentation(), false).run(in, in.resolve("."));
		assertTrue(Files.exists(in.resolve("x_labels.tif")));
		BatchRunner.Summary again = runner(FileSegmentationTest.segmentation(), true).run(in, tmp.resolve("./in/../in/"));
		assertEquals(List.of(in.resolve("x.tif")), again.done());
		assertEquals(List.of(), again.withoutBoxes(), "x_labels.tif is no input");
	}

	@Test
	void aSecondBatchOnTheSameOutputFolderIsRefused() throws IOException {
		Path in = tmp.resolve("in");
		TestImages.twoDisksCsv(TestImages.twoDisksTiff(in.resolve("x.tif")).resolveSibling("x.csv"));
		Path out = tmp.resolve("out");
		try (OutputLock first = OutputLock.acquire(out)) {
			UserError refused = assertThrows(UserError.class, () -> runner(FileSegmentationTest.segmentation(), false).run(in,
				out));
			assertTrue(refused.getMessage().startsWith("Another Deep-MAC run is writing to " + out), refused.getMessage());
		}
		assertFalse(Files.exists(out.resolve("x_labels.tif")));
	}

	@Test
	void aModelThatCannotBeUsedStopsTheBatchAtOnce() throws IOException {
		Path in = tmp.resolve("in");
		for (String name : List.of("x", "y"))
			TestImages.twoDisksCsv(TestImages.twoDisksTiff(in.resolve(name + ".tif")).resolveSibling(name + ".csv"));
		AtomicInteger loads = new AtomicInteger();
		FileSegmentation segmentation = new FileSegmentation(() -> {
			loads.incrementAndGet();
			throw new ModelException("Model m has the wrong signature");
		});
		ModelException stopped = assertThrows(ModelException.class, () -> runner(segmentation, false).run(in, tmp.resolve(
			"out")));
		assertEquals("Model m has the wrong signature", stopped.getMessage());
		assertEquals(1, loads.get());
	}

	@Test
	void anInputFolderThatIsAFileIsNamedAsSuch() throws IOException {
		Path file = Files.writeString(tmp.resolve("in"), "");
		assertEquals("Input folder " + file + " is a file, not a folder", assertThrows(ImageInputException.class,
			() -> runner(FileSegmentationTest.segmentation(), false).run(file, tmp.resolve("out"))).getMessage());
	}
}
