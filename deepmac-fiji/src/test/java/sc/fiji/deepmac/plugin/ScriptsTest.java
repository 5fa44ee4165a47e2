package sc.fiji.deepmac.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.script.ScriptEngineManager;

import ij.ImagePlus;
import ij.io.FileSaver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

import sc.fiji.deepmac.testing.TestImages;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.io.RoiSetOutput;
import sc.fiji.deepmac.testing.TestModelFolders;

/**
 * The scripts of scripts/ run through SciJava's ScriptService, as Fiji runs them, with the JSR-223 Groovy and Jython
 * engines registered (Fiji brings its own script languages; the build ships none).
 */
class ScriptsTest {

	static final Path SCRIPTS = Paths.get(System.getProperty("basedir", "."), "..", "scripts").normalize();

	@TempDir
	static Path tmp;
	static Path model;
	static Context context;
	static ScriptService scripts;

	@BeforeAll
	static void setUp() {
		model = TestModelFolders.get(TestModelFolders.INTENSITY);
		context = new Context();
		scripts = context.service(ScriptService.class);
		ScriptEngineManager engines = new ScriptEngineManager();
		for (String language : List.of("groovy", "python"))
			scripts.getIndex().add(assertEngine(engines, language).getFactory(), false);
	}

	private static javax.script.ScriptEngine assertEngine(ScriptEngineManager engines, String name) {
		javax.script.ScriptEngine engine = engines.getEngineByName(name);
		assertNotNull(engine, "JSR-223 engine " + name + " on the test class path");
		return engine;
	}

	@AfterAll
	static void tearDown() {
		if (context != null) context.dispose();
	}

	private static ScriptModule run(String script, Map<String, Object> inputs) throws Exception {
		File file = SCRIPTS.resolve(script).toFile();
		assertTrue(file.isFile(), file + " exists");
		ScriptModule module = scripts.run(file, true, inputs).get();

		return module;
	}

	private static Map<String, Object> segmentInputs(ImagePlus image, String sourceKey) {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("imp", image);
		inputs.put("model", model.toString());
		inputs.put("device", "cpu");
		inputs.put("threshold", 0.5);
		inputs.put(sourceKey, "Overlay");
		// the optional RoiSet file left out, as a script caller or a headless run leaves it
		return inputs;
	}

	private static void assertDisksSegmented(ImagePlus labels) {
		assertNotNull(labels);
		assertEquals("cells_labels", labels.getTitle());
		assertEquals(16, labels.getBitDepth());
		for (int k = 0; k < FijiTestImages.DISKS.length; k++)
			assertTrue(TestImages.iou(labels.getProcessor(), k + 1,
				FijiTestImages.truth(160, 100, FijiTestImages.DISKS[k])) > 0.9, "disk " + (k + 1));
		assertEquals(FijiTestImages.DISKS.length, labels.getOverlay().size());
	}

	@Test
	void groovyExampleSegmentsTheOverlayRectangles() throws Exception {
		ImagePlus image = FijiTestImages.cells();
		image.setOverlay(FijiTestImages.boxes(FijiTestImages.DISKS));
		ScriptModule module = run("Deep-MAC_Segment_ROIs.groovy", segmentInputs(image, "roiSource"));
		assertDisksSegmented((ImagePlus) module.getOutput("labels"));
	}

	@Test
	void jythonExampleSegmentsTheOverlayRectangles() throws Exception {
		ImagePlus image = FijiTestImages.cells();
		image.setOverlay(FijiTestImages.boxes(FijiTestImages.DISKS));
		ScriptModule module = run("deepmac_segment_rois.py", segmentInputs(image, "roi_source"));
		assertDisksSegmented((ImagePlus) module.getOutput("labels"));
	}

	@Test
	void batchScriptSegmentsAFolderOfImagesAndRoiSetsAndResumes() throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		Path out = tmp.resolve("out");
		for (String name : List.of("a", "b")) {
			new FileSaver(FijiTestImages.cells()).saveAsTiff(in.resolve(name + ".tif").toString());
			RoiSetOutput.write(List.of(FijiTestImages.box(FijiTestImages.DISKS[0], "first"),
				FijiTestImages.box(FijiTestImages.DISKS[2], "third")), in.resolve(name + ".zip"));
		}
		new FileSaver(FijiTestImages.cells()).saveAsTiff(in.resolve("no-rois.tif").toString());
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("inputDir", in.toFile());
		inputs.put("outputDir", out.toFile());
		inputs.put("model", model.toString());
		inputs.put("device", "cpu");
		inputs.put("threshold", 0.5);
		inputs.put("overwrite", false);
		ScriptModule first = run("deepmac_batch.groovy", inputs);
		assertEquals(2, first.getOutput("segmented"));
		assertEquals(0, first.getOutput("failed"));
		for (String name : List.of("a", "b")) {
			OutputSet set = new OutputSet(out, name);
			assertTrue(set.isComplete(), name);
			ImagePlus labels = ij.IJ.openImage(set.labels().toString());
			assertEquals(2, (int) labels.getProcessor().getStatistics().max);
			assertTrue(TestImages.iou(labels.getProcessor(), 2, FijiTestImages.truth(160, 100, FijiTestImages.DISKS[2])) > 0.9);
		}
		int loads = context.service(DeepMacService.class).loads();
		ScriptModule again = run("deepmac_batch.groovy", inputs);
		assertEquals(0, again.getOutput("segmented"), "complete outputs are skipped");
		assertEquals(loads, context.service(DeepMacService.class).loads(), "the model stays loaded between scripts");
	}
}
