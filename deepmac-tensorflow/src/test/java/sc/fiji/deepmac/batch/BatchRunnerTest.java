package sc.fiji.deepmac.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipOutputStream;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.RoiEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.io.OutputLock;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.model.SavedModelMaskModel;
import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.SegmentationOptions;
import sc.fiji.deepmac.testing.TestImages;
import sc.fiji.deepmac.testing.TestModels;

class BatchRunnerTest {

	@TempDir
	static Path models;
	static SavedModelMaskModel model;

	@TempDir
	Path tmp;

	@BeforeAll
	static void loadModel() {
		model = SavedModelMaskModel.load(TestModels.intensityModel(models.resolve("m"), 32), ComputeDevice.CPU);
	}

	@AfterAll
	static void closeModel() {
		model.close();
	}

	private BatchRunner runner(boolean overwrite, ByteArrayOutputStream log) {
		FileSegmentation segmentation = new FileSegmentation(() -> new DeepMacSegmenter(model, SegmentationOptions.defaults()));
		return new BatchRunner(segmentation, overwrite, new PrintStream(log, true, StandardCharsets.UTF_8), BatchRunner.Progress.NONE);
	}

	private Path folderOfFour() throws Exception {
		Path in = tmp.resolve("in");
		TestImages.twoDisksCsv(TestImages.twoDisksTiff(in.resolve("a.tif")).resolveSibling("a.csv"));
		TestImages.twoDisksTiff(in.resolve("b.tif"));
		Files.writeString(in.resolve("b.csv"), "x,y,width,height\n4,8,24,24\n1,2,three,4\n");
		TestImages.twoDisksTiff(in.resolve("c.tif"));
		new FileSaver(new ImagePlus("d", TestImages.disks(64, 48, 30, 24, 10))).saveAsPng(in.resolve("d.png").toString());
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(in.resolve("d.zip")))) {
			zip.putNextEntry(new java.util.zip.ZipEntry("disk.roi"));
			Roi roi = new Roi(18, 12, 24, 24);
			roi.setName("disk");
			new RoiEncoder(zip).write(roi);
		}
		return in;
	}

	@Test
	void segmentsWhatItCanSkipsWhatItMustAndGoesOnAfterABadFile() throws Exception {
		Path in = folderOfFour(), out = tmp.resolve("out");
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		BatchRunner.Summary summary = runner(false, log).run(in, out);
		assertEquals(List.of(in.resolve("a.tif"), in.resolve("d.png")), summary.done());
		assertEquals(List.of(in.resolve("c.tif")), summary.withoutBoxes());
		assertEquals(1, summary.failures().size());
		assertTrue(summary.failures().get(0).startsWith("b.tif: ") && summary.failures().get(0).contains("line 3"),
			summary.failures().get(0));
		assertTrue(summary.onlyInputFailures());
		String text = log.toString(StandardCharsets.UTF_8);
		assertTrue(text.contains("skipped c.tif") && text.contains("error: b.tif") && text.contains("1 failed"), text);
		assertTrue(new OutputSet(out, "a").isComplete() && new OutputSet(out, "d").isComplete());
		try (Stream<Path> files = Files.list(out)) {
			assertEquals(List.of(OutputLock.FILE_NAME, "a_instances.csv", "a_labels.tif", "a_rois.zip", "d_instances.csv",
				"d_labels.tif", "d_rois.zip"), files.map(p -> p.getFileName().toString()).sorted().toList(),
				"nothing of b, no temporaries, the unlocked lock file");
		}
		ImagePlus labels = new Opener().openImage(out.resolve("a_labels.tif").toString());
		assertEquals(1, (int) labels.getProcessor().getf(16, 20));
		assertEquals(2, (int) labels.getProcessor().getf(44, 26));
		List<String> table = Files.readAllLines(out.resolve("a_instances.csv"));
		assertEquals(3, table.size());
		assertTrue(table.get(1).startsWith("1,left,1,1,4,8,24,24,"), table.get(1));
	}

	@Test
	void reRunsSkipCompleteOutputsAndOverwriteRedoesThem() throws Exception {
		Path in = folderOfFour(), out = tmp.resolve("out");
		runner(false, new ByteArrayOutputStream()).run(in, out);
		FileTime old = FileTime.fromMillis(1_000_000L);
		Files.setLastModifiedTime(out.resolve("a_labels.tif"), old);
		BatchRunner.Summary again = runner(false, new ByteArrayOutputStream()).run(in, out);
		assertEquals(List.of(in.resolve("a.tif"), in.resolve("d.png")), again.alreadyComplete());
		assertTrue(again.done().isEmpty());
		assertEquals(old, Files.getLastModifiedTime(out.resolve("a_labels.tif")));
		BatchRunner.Summary redo = runner(true, new ByteArrayOutputStream()).run(in, out);
		assertEquals(2, redo.done().size());
		assertFalse(old.equals(Files.getLastModifiedTime(out.resolve("a_labels.tif"))));
	}

	@Test
	void aRunThatFailsWhileWritingLeavesAnIncompleteSetThatIsRedone() throws Exception {
		Path in = tmp.resolve("in"), out = tmp.resolve("out");
		TestImages.twoDisksCsv(TestImages.twoDisksTiff(in.resolve("e.tif")).resolveSibling("e.csv"));
		Files.createDirectories(out.resolve("e_instances.csv").resolve("blocker"));
		Path stale = Files.writeString(out.resolve(".e_labels.tif.0123456789abcdef.tmp"), "left by a killed run");
		BatchRunner.Summary failed = runner(false, new ByteArrayOutputStream()).run(in, out);
		assertEquals(1, failed.failures().size());
		assertFalse(failed.onlyInputFailures());
		assertFalse(new OutputSet(out, "e").isComplete());
		try (Stream<Path> files = Files.list(out)) {
			assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporaries left");
		}
		assertFalse(Files.exists(stale), "a killed run's temporary is cleaned up");
		Files.delete(out.resolve("e_instances.csv").resolve("blocker"));
		Files.delete(out.resolve("e_instances.csv"));
		assertEquals(1, runner(false, new ByteArrayOutputStream()).run(in, out).done().size());
		assertTrue(new OutputSet(out, "e").isComplete());
	}
}
