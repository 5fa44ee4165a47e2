package sc.fiji.deepmac.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.RgbImage;
import sc.fiji.deepmac.model.SavedModelMaskModel;
import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.testing.TestModels;

/**
 * The ImageJ 1.x entry as users and the acceptance check meet it: target/fiji/ installed into a real ImageJ 1.x under
 * Xvfb, rectangles in the ROI Manager, {@code run("Deep-MAC Segment ROIs", "model=[...]")} from a macro.
 */
class SegmentRoisMacroIT {

	/** Cells of the test image: {cx, cy, r}. */
	static final int[][] CELLS = { { 70, 80, 30 }, { 200, 90, 40 }, { 320, 200, 35 }, { 120, 220, 25 } };
	static final int W = 400, H = 300;

	@TempDir
	static Path tmp;
	/** ImageJ 1.x with target/fiji/ copied in as it is. */
	static ImageJUnderXvfb imagej;
	/** The same, started as Fiji starts, with TensorFlow 1.15 Java on the class path ahead of ours. */
	static ImageJUnderXvfb fiji;
	static Path model;
	static Path out;

	@BeforeAll
	static void setUp() throws IOException {
		ImageJUnderXvfb.assumeAvailable();
		imagej = ImageJUnderXvfb.install("ImageJ", ImageJUnderXvfb.Layout.IMAGEJ);
		fiji = ImageJUnderXvfb.install("Fiji.app", ImageJUnderXvfb.Layout.FIJI);
		model = TestModels.intensityModel(tmp.resolve("model"), 32);
		out = Files.createDirectories(tmp.resolve("out"));
		new FileSaver(new ImagePlus("cells", cells())).saveAsTiff(tmp.resolve("cells.tif").toString());
		ImageStack stack = new ImageStack(W, H);
		for (int i = 0; i < 4; i++)
			stack.addSlice(cells());
		ImagePlus hyper = new ImagePlus("stack", stack);
		hyper.setDimensions(1, 2, 2);
		hyper.setOpenAsHyperStack(true);
		new FileSaver(hyper).saveAsTiff(tmp.resolve("stack.tif").toString());
	}

	/** Bright blurred disks on a dim, slightly textured background. */
	static ByteProcessor cells() {
		ByteProcessor ip = new ByteProcessor(W, H);
		ip.setValue(20);
		ip.fill();
		for (int i = 0; i < CELLS.length; i++) {
			int[] c = CELLS[i];
			ip.setValue(235 + 6 * i);
			ip.fillOval(c[0] - c[2], c[1] - c[2], 2 * c[2], 2 * c[2]);
		}
		ip.blurGaussian(1.5);
		return ip;
	}

	static int[] box(int[] c) {
		return new int[] { c[0] - c[2] - 8, c[1] - c[2] - 8, 2 * c[2] + 16, 2 * c[2] + 16 };
	}

	/**
	 * Macro lines that add a rectangle around each cell to the ROI Manager, named cell-1, cell-2, ... With
	 * {@code positioned}, on a stack: the ROI Manager gives ROIs added on a stack the current plane, so the first
	 * three lose theirs ("Remove Slice Info" and "Remove Frame Info") to act on every plane, and the last is put on z2 t2.
	 */
	static ij.gui.Roi roi(int[] cell, String name) {
		int[] b = box(cell);
		ij.gui.Roi r = new ij.gui.Roi(b[0], b[1], b[2], b[3]);
		r.setName(name);
		return r;
	}

	static String rectangles(boolean positioned) {
		StringBuilder m = new StringBuilder();
		for (int i = 0; i < CELLS.length; i++) {
			int[] b = box(CELLS[i]);
			if (positioned && i == CELLS.length - 1) m.append("roiManager(\"Remove Slice Info\");\nroiManager(\"Remove Frame Info\");\n");
			m.append("makeRectangle(").append(b[0]).append(", ").append(b[1]).append(", ").append(b[2]).append(", ")
				.append(b[3]).append(");\n");
			if (positioned && i == CELLS.length - 1) m.append("Roi.setPosition(1, 2, 2);\n");
			m.append("Roi.setName(\"cell-").append(i + 1).append("\");\nroiManager(\"add\");\n");
		}
		return m.append("run(\"Select None\");\n").toString();
	}

	static final String REPORT = """
		function report(file) {
			r = "title=" + getTitle() + "\\n";
			r = r + "bitDepth=" + bitDepth() + "\\n";
			getDimensions(w, h, c, z, t);
			r = r + "dims=" + w + "x" + h + "x" + c + "x" + z + "x" + t + "\\n";
			n = roiManager("count");
			r = r + "count=" + n + "\\n";
			for (i = 0; i < n; i++) {
				rm = RoiManager.getName(i);
				roiManager("select", i);
				getSelectionBounds(x, y, bw, bh);
				Roi.getPosition(pc, pz, pt);
				r = r + "roi" + i + "=" + rm + "," + selectionType() + "," + x + "," + y + "," + bw + "," + bh + "," + pz + "," + pt + "\\n";
			}
			run("Select None");
			r = r + "nResults=" + nResults + "\\n";
			if (nResults > 0) r = r + "name0=" + getResultString("name", 0) + "\\n";
			for (i = 0; i < nResults; i++) r = r + "res" + i + "=" + getResultString("name", i) + "\\n";
			r = r + "images=" + nImages + "\\n";
			File.saveString(r, file);
		}
		""";

	static Map<String, String> read(Path report) throws IOException {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : Files.readAllLines(report)) {
			int eq = line.indexOf('=');
			if (eq > 0) values.put(line.substring(0, eq), line.substring(eq + 1));
		}
		return values;
	}

	/** Per instance IoU of the ImageJ-made label image with the official post-processing of the model's masks. */
	static void assertMatchesOfficialPostProcessing(ImageProcessor labels) {
		ImagePlus image = new ImagePlus("cells", cells());
		float[] boxes = new float[4 * CELLS.length];
		for (int i = 0; i < CELLS.length; i++) {
			int[] b = box(CELLS[i]);
			boxes[4 * i] = (float) b[1] / H;
			boxes[4 * i + 1] = (float) b[0] / W;
			boxes[4 * i + 2] = (float) (b[1] + b[3]) / H;
			boxes[4 * i + 3] = (float) (b[0] + b[2]) / W;
		}
		BoxMasks masks;
		try (SavedModelMaskModel m = SavedModelMaskModel.load(model, ComputeDevice.CPU)) {
			RgbImage rgb = new sc.fiji.deepmac.image.PlaneConverter(sc.fiji.deepmac.image.PercentileNormalization.DEFAULT, 0)
				.toRgb(image, 1, 1);
			masks = m.predict(rgb, boxes);
		}
		float[] official = TestModels.officialReframe(masks.probabilities(), CELLS.length, masks.size(), boxes, H, W);
		for (int k = 0; k < CELLS.length; k++) {
			long inter = 0, union = 0;
			for (int p = 0; p < W * H; p++) {
				boolean a = (int) labels.getf(p) == k + 1, b = official[k * W * H + p] > 0.5f;
				if (a && b) inter++;
				if (a || b) union++;
			}
			double iou = (double) inter / union;
			assertTrue(union > 0 && iou >= 0.95, "instance " + (k + 1) + ": IoU " + iou);
		}
	}

	static void assertUserRoisUntouched(Map<String, String> r) {
		for (int i = 0; i < CELLS.length; i++) {
			int[] b = box(CELLS[i]);
			String[] roi = r.get("roi" + i).split(",");
			assertEquals("cell-" + (i + 1), roi[0]);
			assertEquals("0", roi[1], "the user's ROI " + i + " is still a rectangle");
			assertEquals(b[0] + "," + b[1] + "," + b[2] + "," + b[3], String.join(",", roi[2], roi[3], roi[4], roi[5]));
		}
	}

	/** Macro lines that add a rectangle around each cell to the ROI Manager without naming them (ImageJ names them). */
	static String unnamedRectangles() {
		StringBuilder m = new StringBuilder();
		for (int[] cell : CELLS) {
			int[] b = box(cell);
			m.append("makeRectangle(" + b[0] + ", " + b[1] + ", " + b[2] + ", " + b[3] + ");\nroiManager(\"add\");\n");
		}
		return m.append("run(\"Select None\");\n").toString();
	}

	/** Each mask ROI (after the user's n ROIs) is named as its row of the Results table. */
	static void assertMaskNamesMatchResults(Map<String, String> r, int userRois) {
		int rows = Integer.parseInt(r.get("nResults"));
		assertTrue(rows > 0, r.toString());
		for (int i = 0; i < rows; i++)
			assertEquals(r.get("res" + i), r.get("roi" + (userRois + i)).split(",")[0], "mask ROI " + i + " vs. its row");
	}

	@Test
	void roiManagerRectanglesGiveALabelImageAndMaskRoisWithBatchModeOffAndOn() throws Exception {
		String macro = REPORT + "open(" + ImageJUnderXvfb.quote(tmp.resolve("cells.tif")) + ");\n"
			+ "setBatchMode(false);\n" + rectangles(false)
			+ "run(\"Deep-MAC Segment ROIs\", \"model=[" + model + "] device=cpu\");\n"
			+ "report(" + ImageJUnderXvfb.quote(out.resolve("a.txt")) + ");\n"
			+ "selectImage(\"cells.tif_labels\");\n"
			+ "saveAs(\"Tiff\", " + ImageJUnderXvfb.quote(out.resolve("a_labels.tif")) + ");\n"
			+ "close(\"*\"); roiManager(\"reset\");\n"
			// batch mode on, a hyperstack, one ROI positioned at z2 t2, three on every plane
			+ "setBatchMode(true);\n"
			+ "open(" + ImageJUnderXvfb.quote(tmp.resolve("stack.tif")) + ");\n"
			+ rectangles(true)
			+ "run(\"Deep-MAC Segment ROIs\", \"model=[" + model + "] device=cpu threshold=0.5 unpositioned=[every plane]\");\n"
			+ "report(" + ImageJUnderXvfb.quote(out.resolve("b.txt")) + ");\n"
			+ "selectImage(\"stack.tif_labels\");\n"
			+ "saveAs(\"Tiff\", " + ImageJUnderXvfb.quote(out.resolve("b_labels.tif")) + ");\n"
			// ROIs with ImageJ's own names (on a stack they look like 0001-0080-0070)
			+ "close(\"*\"); roiManager(\"reset\");\n"
			+ "open(" + ImageJUnderXvfb.quote(tmp.resolve("stack.tif")) + ");\n"
			+ unnamedRectangles()
			+ "run(\"Deep-MAC Segment ROIs\", \"model=[" + model + "] device=cpu\");\n"
			+ "report(" + ImageJUnderXvfb.quote(out.resolve("names.txt")) + ");\n"
			+ "setBatchMode(false);\n"
			+ "File.saveString(getInfo(\"log\"), " + ImageJUnderXvfb.quote(out.resolve("log.txt")) + ");\n"
			+ "run(\"Quit\");\n";
		ImageJUnderXvfb.Run run = imagej.run(macro, false, 300);
		Path reportA = out.resolve("a.txt");
		assertTrue(Files.exists(reportA), "no report; ImageJ said:\n" + run.output());

		// batch mode off, a single image
		Map<String, String> a = read(reportA);
		assertEquals("cells.tif", a.get("title"), "the user's image stays active, so that a second run segments it");
		assertEquals("2", a.get("images"), "the image and its label image");
		assertEquals("8", a.get("bitDepth"));
		assertEquals("" + 2 * CELLS.length, a.get("count"), "the user's n ROIs plus n mask ROIs");
		assertUserRoisUntouched(a);
		for (int i = 0; i < CELLS.length; i++) {
			String[] mask = a.get("roi" + (CELLS.length + i)).split(",");
			assertEquals("cell-" + (i + 1), mask[0], "mask ROIs are named after their boxes");
			assertEquals("" + ij.gui.Roi.TRACED_ROI, mask[1]);
		}
		assertEquals("" + CELLS.length, a.get("nResults"));
		assertMaskNamesMatchResults(a, CELLS.length);
		ImagePlus labelsA = IJ.openImage(out.resolve("a_labels.tif").toString());
		assertNotNull(labelsA);
		assertEquals(16, labelsA.getBitDepth());
		assertTrue(sc.fiji.deepmac.mask.LabelColors.isLabelImage(labelsA), "the saved label image keeps its mark");
		assertTrue(labelsA.getProcessor().isColorLut(), "label images have a colour table");
		assertMatchesOfficialPostProcessing(labelsA.getProcessor());

		// batch mode on, a hyperstack
		Path reportB = out.resolve("b.txt");
		assertTrue(Files.exists(reportB), "no report for batch mode; ImageJ said:\n" + run.output()
			+ (Files.exists(out.resolve("log.txt")) ? Files.readString(out.resolve("log.txt")) : ""));
		Map<String, String> b = read(reportB);
		assertEquals("stack.tif", b.get("title"));
		assertEquals(W + "x" + H + "x1x2x2", b.get("dims"));
		int masks = 3 * 4 + 1; // three ROIs on all four planes, the positioned one on its plane
		assertEquals("" + (CELLS.length + masks), b.get("count"), b.toString());
		String[] last = b.get("roi" + (CELLS.length - 1)).split(",");
		assertEquals("2,2", last[6] + "," + last[7], "the user's positioned ROI keeps its position");
		String[] positioned = b.get("roi" + (CELLS.length + masks - 1)).split(",");
		assertEquals("cell-4", positioned[0]);
		assertEquals("2,2", positioned[6] + "," + positioned[7], "the mask of a positioned ROI is on its plane");
		assertMaskNamesMatchResults(b, CELLS.length);
		ImagePlus labelsB = IJ.openImage(out.resolve("b_labels.tif").toString());
		assertEquals(4, labelsB.getStackSize());
		assertEquals("1x2x2", labelsB.getNChannels() + "x" + labelsB.getNSlices() + "x" + labelsB.getNFrames(),
			"the label image has the input's slices and frames");
		for (int plane = 1; plane <= 4; plane++) {
			ImageProcessor ip = labelsB.getStack().getProcessor(plane);
			boolean onZ2T2 = plane == labelsB.getStackIndex(1, 2, 2);
			assertEquals(onZ2T2 ? 4 : 3, (int) ip.getStatistics().max, "plane " + plane);
		}

		// ImageJ's own ROI names
		Map<String, String> names = read(out.resolve("names.txt"));
		assertTrue(names.get("roi0").matches("\\d{4}-\\d{4}-\\d{4},.*"), "ImageJ named the user's ROIs: " + names);
		// the ROI Manager gave the ROIs added on the stack its current plane: one mask each
		assertEquals("" + 2 * CELLS.length, names.get("count"));
		assertMaskNamesMatchResults(names, CELLS.length);
	}

	@Test
	void commandLineBatchModeWithoutAnImageJWindowAndAModelThatFailsToLoad() throws Exception {
		String macro = REPORT + "open(" + ImageJUnderXvfb.quote(tmp.resolve("cells.tif")) + ");\n"
			+ rectangles(false)
			+ "run(\"Deep-MAC Segment ROIs\", \"model=[" + model + "] device=cpu produce=[labels and ROIs]\");\n"
			+ "report(" + ImageJUnderXvfb.quote(out.resolve("c.txt")) + ");\n"
			// a RoiSet file instead of the ROI Manager, labels only
			+ "selectImage(\"cells.tif\");\n"
			+ "run(\"Deep-MAC Segment ROIs\", \"model=[" + model + "] device=cpu rois=[RoiSet file] roiset=["
			+ tmp.resolve("two.zip") + "] produce=[labels only]\");\n"
			+ "selectImage(nImages);\n"
			+ "File.saveString(getTitle() + \",\" + roiManager(\"count\") + \",\" + getValue(\"Max\"), "
			+ ImageJUnderXvfb.quote(out.resolve("d.txt")) + ");\n"
			+ "selectImage(\"cells.tif\");\n"
			+ "print(\"before the failing run: \" + roiManager(\"count\") + \" ROIs, \" + nImages + \" images\");\n"
			+ "run(\"Deep-MAC Segment ROIs\", \"model=[" + tmp.resolve("no-such-model") + "]\");\n"
			+ "print(\"not reached: the macro stops at the error\");\n";
		sc.fiji.deepmac.io.RoiSetOutput.write(java.util.List.of(roi(CELLS[1], "second"), roi(CELLS[3], "fourth")),
			tmp.resolve("two.zip"));
		ImageJUnderXvfb.Run run = imagej.run(macro, true, 240);
		Path report = out.resolve("c.txt");
		assertTrue(Files.exists(report), "no report; ImageJ said:\n" + run.output());
		Map<String, String> c = read(report);
		assertEquals("cells.tif", c.get("title"));
		assertEquals("" + 2 * CELLS.length, c.get("count"));
		assertEquals("0", c.get("nResults"), "produce=[labels and ROIs] fills no table");
		assertUserRoisUntouched(c);
		assertEquals("cells.tif_labels," + 2 * CELLS.length + ",2", Files.readString(out.resolve("d.txt")),
			"a RoiSet of two rectangles gives labels 1 and 2 and leaves the ROI Manager alone");
		assertTrue(run.output().contains("Deep-MAC error: Model '" + tmp.resolve("no-such-model")
			+ "' is neither a folder nor an installed model"), run.output());
		assertTrue(!run.output().contains("not reached"), run.output());
	}

	@Test
	void inFijiBesideTensorFlow115BothKeepWorkingAndAGpuWithoutCudaIsOneLine() throws Exception {
		String probe = "print(\"probe: \" + call(\"sc.fiji.deepmac.ij1.Tf115Probe.multiply\"));\n";
		String macro = REPORT + probe
			+ "open(" + ImageJUnderXvfb.quote(tmp.resolve("cells.tif")) + ");\n"
			+ rectangles(false)
			+ "run(\"Deep-MAC Segment ROIs\", \"model=[" + model + "] device=cpu\");\n"
			+ "report(" + ImageJUnderXvfb.quote(out.resolve("fiji.txt")) + ");\n"
			+ "selectImage(\"cells.tif_labels\");\n"
			+ "saveAs(\"Tiff\", " + ImageJUnderXvfb.quote(out.resolve("fiji_labels.tif")) + ");\n"
			+ probe
			+ "selectImage(\"cells.tif\");\n"
			+ "run(\"Deep-MAC Segment ROIs\", \"model=[" + model + "] device=gpu\");\n"
			+ "print(\"not reached: the macro stops at the error\");\n";
		ImageJUnderXvfb.Run run = fiji.run(macro, true, 240);
		Path report = out.resolve("fiji.txt");
		assertTrue(Files.exists(report), "no report; ImageJ said:\n" + run.output());
		Map<String, String> r = read(report);
		assertEquals("cells.tif", r.get("title"));
		assertEquals("" + 2 * CELLS.length, r.get("count"), "the user's n ROIs plus n mask ROIs");
		assertEquals("" + CELLS.length, r.get("nResults"), "ImageJ -batch keeps the Results table for the macro");
		assertUserRoisUntouched(r);
		assertMatchesOfficialPostProcessing(IJ.openImage(out.resolve("fiji_labels.tif").toString()).getProcessor());

		String output = run.output();
		long tf115 = output.lines().filter(l -> l.equals("probe: TensorFlow 1.15.0: 42.0")).count();
		assertEquals(2, tf115, "TensorFlow 1.15 works before and after Deep-MAC ran:\n" + output);
		List<String> gpu = output.lines().filter(l -> l.startsWith("Deep-MAC error: GPU asked for")).toList();
		assertEquals(1, gpu.size(), "a GPU without CUDA natives is one line in the Log:\n" + output);
		assertTrue(gpu.get(0).contains("choose the device cpu"), gpu.get(0));
		assertTrue(!output.contains("not reached") && !output.contains("Exception") && !output.contains("\tat "), output);
	}
}
