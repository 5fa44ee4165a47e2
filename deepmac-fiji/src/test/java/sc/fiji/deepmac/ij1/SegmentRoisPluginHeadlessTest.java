package sc.fiji.deepmac.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.testing.TestModelFolders;

/**
 * The ImageJ 1.x plugin without a display, as a headless batch-mode macro runs it (Fiji's --headless): no dialog, no
 * ROI Manager; the overlay's rectangles are segmented and the mask ROIs ride on the label image's overlay.
 */
class SegmentRoisPluginHeadlessTest {

	@TempDir
	static Path tmp;
	static Path model;

	@BeforeAll
	static void model() {
		model = TestModelFolders.get(TestModelFolders.INTENSITY);
	}

	static ImagePlus image() {
		ByteProcessor ip = new ByteProcessor(120, 90);
		ip.setValue(255);
		ip.fillOval(20, 20, 30, 30);
		ip.fillOval(70, 40, 36, 36);
		return new ImagePlus("plate", ip);
	}

	/**
	 * Runs the plugin as a macro's run("Deep-MAC Segment ROIs", options) does: in a thread that ImageJ takes for a
	 * macro's (Macro.getOptions answers only those), in batch mode, with the image current. Returns what it logged.
	 */
	private static String run(ImagePlus image, String options) throws InterruptedException {
		ImagePlus[] current = new ImagePlus[1];
		PrintStream out = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		Thread macro = new Thread(() -> {
			Interpreter.batchMode = true;
			WindowManager.setTempCurrentImage(image);
			Macro.setOptions(options);
			try {
				new SegmentRoisPlugin().run("");
			}
			finally {
				current[0] = WindowManager.getCurrentImage();
				Macro.setOptions(null);
				Interpreter.batchMode = false;
			}
		}, "Run$_deepmac-test");
		try {
			macro.start();
			macro.join(60_000);
		}
		finally {
			System.setOut(out);
		}
		lastCurrent = current[0];
		return captured.toString(StandardCharsets.UTF_8);
	}

	private static ImagePlus lastCurrent;

	@Test
	void segmentsTheOverlayWhenThereIsNoRoiManager() throws Exception {
		ImagePlus image = image();
		Overlay boxes = new Overlay();
		Roi a = new Roi(16, 16, 38, 38);
		a.setName("small");
		Roi b = new Roi(66, 36, 44, 44);
		b.setName("large");
		boxes.add(a);
		boxes.add(b);
		image.setOverlay(boxes);
		String log = run(image, "model=[" + model + "] device=cpu threshold=0.5");
		ImagePlus labels = lastCurrent;
		assertNotNull(labels, log);
		assertNotSame(image, labels, log);
		assertEquals("plate_labels", labels.getTitle());
		assertEquals(16, labels.getBitDepth());
		assertEquals(2, (int) labels.getProcessor().getStatistics().max);
		assertEquals(2, labels.getOverlay().size());
		assertEquals("large", labels.getOverlay().get(1).getName());
		assertSame(boxes, image.getOverlay());
		assertEquals(2, boxes.size());
		assertTrue(log.contains("No ROI Manager without a display: using the overlay of plate"), log);
		ResultsTable table = ResultsTable.getResultsTable();
		assertEquals(2, table.size());
	}

	@Test
	void aHostileModelIsRefusedUnlessTheMacroTrustsItAndTheResultsNameTheModel() throws Exception {
		Path hostile = TestModelFolders.get(TestModelFolders.READS_FILE);
		ImagePlus image = image();
		image.setOverlay(new Overlay(new Roi(16, 16, 38, 38)));
		String log = run(image, "model=[" + hostile + "] device=cpu");
		assertTrue(log.contains("Deep-MAC error: ") && log.contains("ReadFile (files)") && log.contains("Trust this model"), log);
		assertSame(image, lastCurrent, "no label image");
		log = run(image, "model=[" + hostile + "] device=cpu trust_this_model");
		assertNotSame(image, lastCurrent, log);
		ResultsTable table = ResultsTable.getResultsTable();
		assertEquals(TestModelFolders.READS_FILE, table.getStringValue("model", 0));
		assertEquals(sc.fiji.deepmac.model.ModelProvenance.sha256(hostile), table.getStringValue("model_sha256", 0));
		assertTrue(lastCurrent.getInfoProperty().contains("Deep-MAC model sha256: "), "the label image's info");
	}

	@Test
	void noRoisIsAClearErrorInTheLog() throws Exception {
		ImagePlus image = image();
		String log = run(image, "model=[" + model + "] device=cpu");
		assertTrue(log.contains("Deep-MAC error: No ROIs: without a display there is no ROI Manager"), log);
		assertSame(image, lastCurrent, "no label image");
	}

	@Test
	void escapeCancelsBetweenModelCallsAndLeavesNothing() throws Exception {
		ImagePlus image = image();
		image.setOverlay(new Overlay(new Roi(16, 16, 38, 38)));
		ResultsTable mine = new ResultsTable();
		mine.incrementCounter();
		mine.addValue("mine", 7);
		ij.plugin.filter.Analyzer.setResultsTable(mine);
		ij.IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
		String log;
		try {
			log = run(image, "model=[" + model + "] device=cpu");
		}
		finally {
			ij.IJ.resetEscape();
		}
		assertTrue(log.contains("Deep-MAC: cancelled; nothing was changed"), log);
		assertSame(image, lastCurrent, "no label image");
		assertSame(mine, ResultsTable.getResultsTable(), "the user's results stay");
		assertEquals(1, image.getOverlay().size());
	}

	@Test
	void aBadThresholdIsAClearError() throws Exception {
		ImagePlus image = image();
		image.setOverlay(new Overlay(new Roi(10, 10, 20, 20)));
		String log = run(image, "model=[" + model + "] threshold=1.5");
		assertTrue(log.contains("Deep-MAC error: Threshold must be at least 0 and below 1, got 1.5"), log);
	}

	@Test
	void aLabelImageIsRefusedAsInputUnlessAskedForOnPurpose() throws Exception {
		ImagePlus image = image();
		image.setOverlay(new Overlay(new Roi(16, 16, 38, 38)));
		String first = run(image, "model=[" + model + "] device=cpu");
		ImagePlus labels = lastCurrent;
		assertTrue(sc.fiji.deepmac.mask.LabelColors.isLabelImage(labels), first);
		labels.setOverlay(new Overlay(new Roi(16, 16, 38, 38)));
		String refused = run(labels, "model=[" + model + "] device=cpu");
		assertTrue(refused.contains("Deep-MAC error: 'plate_labels' is a Deep-MAC label image, not an image to segment: "
			+ "select your image first"), refused);
		assertSame(labels, lastCurrent, "nothing made");
		String onPurpose = run(labels, "model=[" + model + "] device=cpu " + SegmentRoisPlugin.LABEL_IMAGE_KEY);
		assertTrue(onPurpose.contains("label image plate_labels_labels"), onPurpose);
		assertSame(labels, lastCurrent, "the input stays the active image");
	}
}
