package sc.fiji.deepmac.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.Opener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.model.ModelProvenance;
import sc.fiji.deepmac.testing.TestImages;
import sc.fiji.deepmac.testing.TestModelFolders;

/** The CLI end to end: real SavedModel, real files, exit codes and one-line errors. */
class DeepMacCliTest {

	@TempDir
	static Path shared;
	static Path model;

	@TempDir
	Path tmp;

	@RegisterExtension
	final ConsoleCapture console = new ConsoleCapture();

	@BeforeAll
	static void exportModel() {
		model = TestModelFolders.get(TestModelFolders.INTENSITY);
	}

	private String err() {
		return console.err();
	}

	@Test
	void segmentWritesLabelsRoisAndTable() throws Exception {
		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		Path csv = TestImages.twoDisksCsv(tmp.resolve("cells.csv"));
		Path outDir = tmp.resolve("out");
		int code = DeepMacCli.run("segment", "--image", image.toString(), "--boxes", csv.toString(), "--model",
			model.toString(), "--device", "cpu", "--out", outDir.toString());
		assertEquals(0, code, err());
		ImagePlus labels = new Opener().openImage(outDir.resolve("cells_labels.tif").toString());
		assertEquals(16, labels.getBitDepth());
		assertEquals(2, (int) labels.getProcessor().getf(44, 26));
		assertTrue(Files.size(outDir.resolve("cells_rois.zip")) > 0);
		assertEquals(3, Files.readAllLines(outDir.resolve("cells_instances.csv")).size());
		assertTrue(console.out().contains("2 of 2 masks non-empty"));
	}

	@Test
	void overlapIsAnOptionAndTheTableNotesEachMask() throws Exception {
		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		// a box around both disks, and the two disks' boxes inside it
		Path csv = Files.writeString(tmp.resolve("cells.csv"),
			"x,y,width,height,name\n1,4,62,40,both\n4,8,24,24,left\n30,12,28,28,right\n");
		for (String rule : new String[] { "smaller on top", "larger-on-top", "probability" }) {
			Path outDir = tmp.resolve(rule);
			int code = DeepMacCli.run("segment", "--image", image.toString(), "--boxes", csv.toString(), "--model",
				model.toString(), "--device", "cpu", "--overlap", rule, "--out", outDir.toString());
			assertEquals(0, code, err());
			var lines = Files.readAllLines(outDir.resolve("cells_instances.csv"));
			assertEquals(4, lines.size());
			assertTrue(lines.get(0).contains(",mean_probability,in_labels,note,"), lines.get(0));
			ImagePlus labels = new Opener().openImage(outDir.resolve("cells_labels.tif").toString());
			if (rule.equals("smaller on top")) assertEquals(3, (int) labels.getProcessor().getf(44, 26), rule);
			if (rule.equals("larger-on-top")) {
				assertEquals(1, (int) labels.getProcessor().getf(44, 26), rule);
				assertTrue(err().contains("warning: 2 masks are hidden in the label image") && err().contains(": left, right;"),
					err());
				assertTrue(lines.get(2).contains(",0,hidden,") && lines.get(3).contains(",0,hidden,"), lines.toString());
				assertTrue(console.out().contains("3 of 3 masks non-empty (2 hidden in the label image)"));
			}
			console.resetErr();
			console.resetOut();
		}

		assertEquals(2, DeepMacCli.run("segment", "--image", image.toString(), "--boxes", csv.toString(), "--model",
			model.toString(), "--overlap", "on top"));
		assertEquals(1, err().strip().lines().count(), err());
		assertTrue(err().startsWith("error: Overlap in labels 'on top'") && err().contains("smaller on top"), err());

		console.resetOut();
		assertEquals(0, DeepMacCli.run("segment", "--help"));
		String help = console.out().replaceAll("\\s+", " ");
		assertTrue(help.contains("--overlap=RULE") && help.contains("(default: probability)"), help);
	}

	@Test
	void theOutputsNameTheModelItsFolderAndChecksum() throws Exception {
		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		Path csv = TestImages.twoDisksCsv(tmp.resolve("cells.csv"));
		assertEquals(0, DeepMacCli.run("segment", "--image", image.toString(), "--boxes", csv.toString(), "--model",
			model.toString()), err());
		String sha256 = ModelProvenance.sha256(model);
		String folder = model.toAbsolutePath().normalize().toString();
		var lines = Files.readAllLines(tmp.resolve("cells_instances.csv"));
		assertTrue(lines.get(0).endsWith(",model,model_folder,model_sha256"), lines.get(0));
		assertTrue(lines.get(1).endsWith("," + TestModelFolders.INTENSITY + "," + folder + "," + sha256), lines.get(1));
		ImagePlus labels = new Opener().openImage(tmp.resolve("cells_labels.tif").toString());
		assertTrue(((String) labels.getProperty("Info")).contains("Deep-MAC model sha256: " + sha256), "the label image's info");
	}

	@Test
	void badInputExitsWithTwoAndOneLine() throws Exception {
		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		Path csv = Files.writeString(tmp.resolve("bad.csv"), "x,y,width,height\n1,2,3\n");
		int code = DeepMacCli.run("segment", "--image", image.toString(), "--boxes", csv.toString(), "--model",
			model.toString(), "--out", tmp.toString());
		assertEquals(2, code);
		assertEquals(1, err().strip().lines().count(), err());
		assertTrue(err().startsWith("error: ") && err().contains("bad.csv") && err().contains("line 2"), err());
		assertFalse(Files.exists(tmp.resolve("cells_labels.tif")), "nothing written");

		console.resetErr();
		Path outside = Files.writeString(tmp.resolve("outside.csv"), "x,y,width,height\n500,500,10,10\n");
		assertEquals(2, DeepMacCli.run("segment", "--image", image.toString(), "--boxes", outside.toString(), "--model",
			model.toString()));
		assertTrue(err().contains("box-1"), err());

		console.resetErr();
		assertEquals(2, DeepMacCli.run("segment", "--image", tmp.resolve("missing.tif").toString(), "--boxes",
			csv.toString(), "--model", model.toString()));
		assertTrue(err().contains("missing.tif") && err().contains("does not exist"), err());

		console.resetErr();
		Path corrupt = Files.write(tmp.resolve("corrupt.tif"), new byte[] { 'I', 'I', 42, 0, 1, 2, 3 });
		assertEquals(2, DeepMacCli.run("segment", "--image", corrupt.toString(), "--boxes", csv.toString(), "--model",
			model.toString()));
		assertTrue(err().contains("corrupt.tif") && err().contains("Cannot open image"), err());

		console.resetErr();
		assertEquals(2, DeepMacCli.run("segment", "--boxes", csv.toString()), "usage error");
		assertEquals(2, DeepMacCli.run("segment", "--image", image.toString(), "--boxes", csv.toString(), "--device", "tpu"));
	}

	@Test
	void modelProblemsExitWithThreeAndVerboseAddsTheStackTrace() throws Exception {
		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		Path csv = TestImages.twoDisksCsv(tmp.resolve("cells.csv"));
		assertEquals(3, DeepMacCli.run("segment", "--image", image.toString(), "--boxes", csv.toString(), "--model",
			tmp.resolve("no-model").toString()));
		assertTrue(err().contains("no-model") && !err().contains("\tat "), err());
		console.resetErr();
		Path wrong = TestModelFolders.get(TestModelFolders.IMAGE_ONLY);
		assertEquals(3, DeepMacCli.run("--verbose", "segment", "--image", image.toString(), "--boxes", csv.toString(),
			"--model", wrong.toString()));
		assertTrue(err().contains("wrong signature") && err().contains("\tat "), err());
	}

	@Test
	void aModelThatReadsOrWritesFilesIsRefusedWithThreeAndNothingIsWritten() throws Exception {
		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		Path csv = TestImages.twoDisksCsv(tmp.resolve("cells.csv"));
		Path written = TestModelFolders.get(TestModelFolders.WRITE_PATH);
		Files.deleteIfExists(written);
		for (String hostile : new String[] { TestModelFolders.WRITES_FILE, TestModelFolders.READS_FILE }) {
			console.resetErr();
			assertEquals(3, DeepMacCli.run("segment", "--image", image.toString(), "--boxes", csv.toString(), "--model",
				TestModelFolders.get(hostile).toString()), hostile);
			assertTrue(err().contains(hostile) && err().contains("--trust-model") && !err().contains("\tat ")
				&& err().strip().lines().count() == 1, err());
			assertTrue(err().contains(hostile.equals(TestModelFolders.WRITES_FILE) ? "WriteFile (files)" : "ReadFile (files)"),
				err());
		}
		assertFalse(Files.exists(written), "the model's file");
		assertFalse(Files.exists(tmp.resolve("cells_labels.tif")), "no outputs");
	}

	@Test
	void aTrustedModelRunsAndOnlyItsMasksAreComputed() throws Exception {
		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		Path csv = TestImages.twoDisksCsv(tmp.resolve("cells.csv"));
		// its extra output reads a file that is not there: computing it would fail the run
		assertFalse(Files.exists(TestModelFolders.get(TestModelFolders.READ_PATH)));
		assertEquals(0, DeepMacCli.run("segment", "--image", image.toString(), "--boxes", csv.toString(), "--model",
			TestModelFolders.get(TestModelFolders.READS_FILE).toString(), "--trust-model"), err());
		assertTrue(Files.isRegularFile(tmp.resolve("cells_labels.tif")));
	}

	@Test
	void aGpuThatCannotBeUsedIsAClearUsageError() throws Exception {
		try (var natives = Files.list(sc.fiji.deepmac.engine.Engines.folder().orElseThrow()
			.resolve(sc.fiji.deepmac.engine.Engines.platform())))
		{
			org.junit.jupiter.api.Assumptions.assumeFalse(natives.anyMatch(j -> j.toString().contains("-gpu")),
				"this build carries the GPU natives");
		}
		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		Path csv = TestImages.twoDisksCsv(tmp.resolve("cells.csv"));
		assertEquals(2, DeepMacCli.run("segment", "--image", image.toString(), "--boxes", csv.toString(), "--model",
			model.toString(), "--device", "gpu"));
		assertTrue(err().contains("GPU asked for") && err().contains("device cpu"), err());
	}

	@Test
	void batchExitsNonZeroAfterABadFileButSegmentsTheRest() throws Exception {
		Path in = tmp.resolve("in");
		TestImages.twoDisksCsv(TestImages.twoDisksTiff(in.resolve("good.tif")).resolveSibling("good.csv"));
		TestImages.twoDisksTiff(in.resolve("bad.tif"));
		Files.writeString(in.resolve("bad.csv"), "x,y,width,height\n");
		int code = DeepMacCli.run("batch", "--input", in.toString(), "--model", model.toString());
		assertEquals(2, code, err());
		assertTrue(Files.exists(in.resolve("deepmac").resolve("good_labels.tif")));
		assertTrue(err().contains("1 segmented") && err().contains("1 failed"), err());
		console.resetErr();
		assertEquals(2, DeepMacCli.run("batch", "--input", in.toString(), "--model", model.toString()));
		assertTrue(err().contains("skipped good.tif: outputs complete"), err());
	}
}
