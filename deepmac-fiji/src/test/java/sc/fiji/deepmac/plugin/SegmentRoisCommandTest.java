package sc.fiji.deepmac.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import sc.fiji.deepmac.testing.TestImages;
import sc.fiji.deepmac.io.RoiSetOutput;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.options.RunOptions;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.testing.TestModelFolders;

/** The SciJava command and service in a real Context, headless (no ROI Manager), as scripts and Fiji run them. */
class SegmentRoisCommandTest {

	@TempDir
	static Path tmp;
	static Path model;
	static Context context;

	@BeforeAll
	static void setUp() {
		assertTrue(GraphicsEnvironment.isHeadless(), "these tests stand for headless runs");
		model = TestModelFolders.get(TestModelFolders.INTENSITY);
		context = new Context();
	}

	@AfterAll
	static void tearDown() {
		if (context != null) context.dispose();
	}

	private static Module run(ImagePlus image, Map<String, Object> extra) throws Exception {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", image);
		inputs.put("model", model.toString());
		inputs.put("device", "cpu");
		inputs.putAll(extra);
		return context.service(CommandService.class).run(SegmentRoisCommand.class, true, inputs).get();
	}

	private static String cancelReason(Module module) {
		return ((CommandModule) module).getCancelReason();
	}

	@Test
	void segmentsOverlayRectanglesHeadlessAndTheSecondRunLoadsNothing() throws Exception {
		ImagePlus image = FijiTestImages.cells();
		Overlay boxes = FijiTestImages.boxes(FijiTestImages.DISKS);
		image.setOverlay(boxes);
		byte[] before = ((byte[]) image.getProcessor().getPixels()).clone();
		DeepMacService service = context.service(DeepMacService.class);
		int loadsBefore = service.loads();

		// the default source is the ROI Manager: headless there is none, so the overlay is read
		Module module = run(image, Map.of());
		assertNull(cancelReason(module));
		ImagePlus labels = (ImagePlus) module.getOutput("labels");
		assertNotNull(labels);
		assertEquals("cells_labels", labels.getTitle());
		assertEquals(16, labels.getBitDepth());
		assertEquals(image.getWidth(), labels.getWidth());
		assertEquals(image.getHeight(), labels.getHeight());
		for (int k = 0; k < FijiTestImages.DISKS.length; k++)
			assertTrue(TestImages.iou(labels.getProcessor(), k + 1,
				FijiTestImages.truth(160, 100, FijiTestImages.DISKS[k])) > 0.9, "disk " + (k + 1));
		// headless: the mask ROIs ride on the label image's overlay, named after their boxes
		Overlay masks = labels.getOverlay();
		assertNotNull(masks);
		assertEquals(3, masks.size());
		for (int k = 0; k < 3; k++)
			assertEquals("cell-" + (k + 1), masks.get(k).getName());
		// the table
		ResultsTable table = ResultsTable.getResultsTable();
		assertNotNull(table);
		assertEquals(3, table.size());
		assertEquals("cell-2", table.getStringValue("name", 1));
		assertTrue(table.getValue("area_px", 1) > 600);
		// the user's image and ROIs are untouched
		assertArrayEquals(before, (byte[]) image.getProcessor().getPixels());
		assertSame(boxes, image.getOverlay());
		assertEquals(3, boxes.size());
		assertEquals(Roi.RECTANGLE, boxes.get(0).getType());

		int afterFirst = service.loads();
		assertTrue(afterFirst >= 1 && afterFirst <= loadsBefore + 1, "the first run loads the model at most once");
		Module second = run(image, Map.of("threshold", 0.7));
		assertNotNull(second.getOutput("labels"));
		assertEquals(afterFirst, service.loads(), "a second run with the same model loads nothing");
		assertEquals(1, service.loadedModels());
	}

	@Test
	void readsARoiSetFile() throws Exception {
		ImagePlus image = FijiTestImages.cells();
		Path roiSet = tmp.resolve("cells_rois.zip");
		RoiSetOutput.write(List.of(FijiTestImages.box(FijiTestImages.DISKS[1], "big")), roiSet);
		Module module = run(image, Map.of("roiSource", "RoiSet file", "roiFile", roiSet.toString(), "produce", "labels and ROIs"));
		ImagePlus labels = (ImagePlus) module.getOutput("labels");
		assertEquals(1, (int) labels.getProcessor().getStatistics().max);
		assertTrue(TestImages.iou(labels.getProcessor(), 1, FijiTestImages.truth(160, 100, FijiTestImages.DISKS[1])) > 0.9);
		assertEquals("big", labels.getOverlay().get(0).getName());
		assertNull(image.getOverlay(), "reading a file puts nothing on the image");
	}

	@Test
	void badInputEndsTheRunWithAClearMessageAndChangesNothing() throws Exception {
		ImagePlus plain = FijiTestImages.cells();
		Module noRois = run(plain, Map.of());
		assertTrue(cancelReason(noRois).startsWith("No ROIs"), cancelReason(noRois));
		assertNull(noRois.getOutput("labels"));

		ImagePlus withPoint = FijiTestImages.cells();
		Overlay o = new Overlay(new PointRoi(10, 10));
		withPoint.setOverlay(o);
		String point = cancelReason(run(withPoint, Map.of()));
		assertTrue(point.contains("is a point, not an area"), point);
		assertEquals(1, withPoint.getOverlay().size());

		ImagePlus outside = FijiTestImages.cells();
		outside.setOverlay(new Overlay(new Roi(500, 500, 20, 20)));
		String away = cancelReason(run(outside, Map.of()));
		assertTrue(away.contains("lies wholly outside the 160 x 100 image"), away);

		ImagePlus image = FijiTestImages.cells();
		image.setOverlay(FijiTestImages.boxes(FijiTestImages.DISKS));
		String missing = cancelReason(run(image, Map.of("model", tmp.resolve("no-such-model").toString())));
		assertTrue(missing.contains("neither a folder nor an installed model"), missing);
		String notAModel = cancelReason(run(image, Map.of("model", tmp.toString())));
		assertTrue(notAModel.contains("is not a TensorFlow SavedModel"), notAModel);
		RecordingLogService.of(context).take();
		String noFile = cancelReason(run(image, Map.of("roiSource", "RoiSet file")));
		assertTrue(noFile.startsWith("No RoiSet file given"), noFile);
		assertEquals(List.of("ERROR Deep-MAC: " + noFile), RecordingLogService.of(context).take(),
			"a user error is one line in the log, at level error");
	}

	@Test
	void nestedBoxesKeepTheirMasksAndTheOverlapParameterDecidesTheLabels() throws Exception {
		ImagePlus image = FijiTestImages.cells();
		int[] d = FijiTestImages.DISKS[0];
		Roi outer = new Roi(2, 2, 110, 90);
		outer.setName("outer");
		Overlay boxes = new Overlay(outer);
		boxes.add(FijiTestImages.box(d, "inner"));
		image.setOverlay(boxes);
		for (String rule : new String[] { "smaller on top", "larger on top" }) {
			StringBuilder warnings = new StringBuilder();
			Module module = runWith(image, Map.of("overlap", rule), new ProgressListener() {
				@Override
				public void warn(String message) {
					warnings.append(message).append('\n');
				}
			});
			assertNull(cancelReason(module), rule);
			ImagePlus labels = (ImagePlus) module.getOutput("labels");
			boolean innerOnTop = rule.equals("smaller on top");
			assertEquals(innerOnTop ? 2 : 1, labels.getProcessor().get(d[0], d[1]), rule);
			assertEquals(2, labels.getOverlay().size(), "both ROIs, whatever the label image shows");
			ResultsTable table = ResultsTable.getResultsTable();
			assertEquals(2, table.size());
			assertTrue(table.getValue("area_px", 1) > 300, rule);
			double area = table.getValue("area_px", 1), shown = table.getValue("in_labels", 1);
			// under "larger on top" the outer mask covers the inner one but for a few edge pixels
			assertTrue(innerOnTop ? shown == area : shown < area / 10, rule + ": " + shown + " of " + area);
			assertEquals(innerOnTop ? "" : shown == 0 ? "hidden" : "mostly hidden", table.getStringValue("note", 1), rule);
			assertEquals(!innerOnTop, warnings.toString().contains("1 mask is hidden in the label image by overlapping "
				+ "masks (their ROIs and table rows are kept; see the note column): inner"), warnings.toString());
		}
	}

	@Test
	void theCommandOffersTheChoicesThatRunOptionsDeclares() {
		for (RunOptions.Option o : RunOptions.ALL) {
			if (o.kind() != RunOptions.Kind.CHOICE) continue;
			org.scijava.module.ModuleItem<?> item = context.service(CommandService.class)
				.getCommand(SegmentRoisCommand.class).getInput(o.field());
			assertNotNull(item, o.field());
			assertEquals(o.label(), item.getLabel());
			assertEquals(o.choices(), item.getChoices(), o.field());
		}
	}

	@Test
	void nonRectanglesUseTheirBoundsWithAWarning() throws Exception {
		ImagePlus image = FijiTestImages.cells();
		int[] d = FijiTestImages.DISKS[0];
		Roi oval = new ij.gui.OvalRoi(d[0] - d[2] - 4, d[1] - d[2] - 4, 2 * d[2] + 8, 2 * d[2] + 8);
		oval.setName("oval");
		image.setOverlay(new Overlay(oval));
		StringBuilder warnings = new StringBuilder();
		Module module = runWith(image, Map.of(), new ProgressListener() {
			@Override
			public void warn(String message) {
				warnings.append(message).append('\n');
			}
		});
		assertNull(cancelReason(module));
		assertTrue(warnings.toString().contains("ROI 'oval' is not a rectangle: its bounding box is used"), warnings.toString());
		assertTrue(TestImages.iou(((ImagePlus) module.getOutput("labels")).getProcessor(), 1,
			FijiTestImages.truth(160, 100, d)) > 0.9);
	}

	@Test
	void cancellingLeavesNoOutputs() throws Exception {
		ImagePlus image = FijiTestImages.cells();
		image.setOverlay(FijiTestImages.boxes(FijiTestImages.DISKS));
		ResultsTable marker = new ResultsTable();
		marker.incrementCounter();
		marker.addValue("user", 42);
		ij.plugin.filter.Analyzer.setResultsTable(marker);
		Module module = runWith(image, Map.of(), new ProgressListener() {
			@Override
			public boolean isCancelled() {
				return true;
			}
		});
		assertTrue(((CommandModule) module).isCanceled());
		assertNull(module.getOutput("labels"));
		ResultsTable after = ResultsTable.getResultsTable();
		assertEquals(42, after.getValue("user", 0), "the user's results table is untouched");
		assertEquals(3, image.getOverlay().size());
	}

	@Test
	void unpositionedRoisActOnEveryPlaneOrTheCurrentOne() throws Exception {
		ImagePlus stack = FijiTestImages.hyperstack(2, 3);
		stack.getCalibration().pixelWidth = 0.5;
		stack.getCalibration().pixelHeight = 0.5;
		stack.getCalibration().setUnit("um");
		Overlay o = new Overlay();
		Roi everywhere = FijiTestImages.box(FijiTestImages.DISKS[0], "everywhere");
		Roi positioned = FijiTestImages.box(FijiTestImages.DISKS[1], "z2t3");
		positioned.setPosition(1, 2, 3);
		o.add(everywhere);
		o.add(positioned);
		stack.setOverlay(o);

		ImagePlus labels = (ImagePlus) run(stack, Map.of()).getOutput("labels");
		assertEquals(2, labels.getNSlices());
		assertEquals(3, labels.getNFrames());
		assertEquals(0.5, labels.getCalibration().pixelWidth);
		assertEquals(stack.getCalibration().getUnit(), labels.getCalibration().getUnit());
		for (int t = 1; t <= 3; t++)
			for (int z = 1; z <= 2; z++) {
				var plane = labels.getStack().getProcessor(labels.getStackIndex(1, z, t));
				assertTrue(FijiTestImages.count(plane, 1) > 300, "every plane has ROI 1");
				assertEquals(z == 2 && t == 3, FijiTestImages.count(plane, 2) > 300, "ROI 2 only on z2 t3");
			}
		Overlay masks = labels.getOverlay();
		assertEquals(7, masks.size(), "6 planes of ROI 1 and one of ROI 2");
		Roi last = masks.get(6);
		assertEquals("z2t3", last.getName());
		assertEquals(2, last.getZPosition());
		assertEquals(3, last.getTPosition());

		stack.setPosition(1, 1, 2);
		ImagePlus current = (ImagePlus) run(stack, Map.of("unpositioned", "current plane")).getOutput("labels");
		for (int t = 1; t <= 3; t++)
			for (int z = 1; z <= 2; z++) {
				var plane = current.getStack().getProcessor(current.getStackIndex(1, z, t));
				assertEquals(z == 1 && t == 2, FijiTestImages.count(plane, 1) > 300, "ROI 1 only on the current plane");
			}
	}

	@Test
	void fijiShowsOneMenuItem() throws Exception {
		// the SciJava command has no menu path: the one menu item is the ImageJ 1.x entry of plugins.config
		CommandInfo info = context.service(CommandService.class).getCommand(SegmentRoisCommand.class);
		assertNotNull(info);
		assertTrue(info.getMenuPath() == null || info.getMenuPath().isEmpty(), "no menu path: " + info.getMenuPath());
		assertTrue(info.canRunHeadless());
		try (var in = SegmentRoisCommand.class.getResourceAsStream("/plugins.config")) {
			assertNotNull(in, "plugins.config in the jar");
			List<String> entries = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
				.map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
			assertEquals(List.of("Plugins>Deep-MAC, \"Deep-MAC Segment ROIs\", sc.fiji.deepmac.ij1.SegmentRoisPlugin",
				"Plugins>Deep-MAC, \"Deep-MAC Models...\", sc.fiji.deepmac.ij1.ModelsPlugin",
				"Plugins>Deep-MAC>Open Sample, \"Nuclei (Deep-MAC sample)\", sc.fiji.deepmac.ij1.OpenSamplePlugin(\"nuclei\")",
				"Plugins>Deep-MAC>Open Sample, \"Coffee (Deep-MAC sample)\", sc.fiji.deepmac.ij1.OpenSamplePlugin(\"coffee\")",
				"Plugins>Deep-MAC, \"Deep-MAC Live\", sc.fiji.deepmac.ij1.LiveTool"),
				entries, "menu Plugins > Deep-MAC: the macro command \"Deep-MAC Segment ROIs\", models, the samples and live mode");
		}
	}

	@Test
	void aModelLoadsOncePerJvmWhicheverFrontEndAsks() {
		Context own = new Context(DeepMacService.class);
		try {
			DeepMacService service = own.service(DeepMacService.class);
			MaskModel first = service.model(model.toString(), ComputeDevice.CPU);
			assertSame(first, context.service(DeepMacService.class).model(model, ComputeDevice.CPU), "another context");
			assertSame(first, sc.fiji.deepmac.model.ModelCache.shared().get(model, ComputeDevice.CPU), "the ImageJ 1.x plugin's");
			int loads = service.loads();
			service.model(model, ComputeDevice.CPU);
			assertEquals(loads, service.loads());
		}
		finally {
			own.dispose();
		}
	}

	private static Module runWith(ImagePlus image, Map<String, Object> extra, ProgressListener listener) throws Exception {
		CommandInfo info = context.service(CommandService.class).getCommand(SegmentRoisCommand.class);
		ModuleService modules = context.service(ModuleService.class);
		CommandModule module = (CommandModule) modules.createModule(info);
		((SegmentRoisCommand) module.getCommand()).setProgressListener(listener);
		Map<String, Object> inputs = new HashMap<>(extra);
		inputs.put("image", image);
		inputs.put("model", model.toString());
		inputs.put("device", "cpu");
		return modules.run(module, true, inputs).get();
	}
}
