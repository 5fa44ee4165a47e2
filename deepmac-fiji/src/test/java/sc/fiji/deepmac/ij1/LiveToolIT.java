package sc.fiji.deepmac.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deep-MAC Live in a real ImageJ 1.x under Xvfb with target/fiji/ installed: a rectangle dragged on the image
 * window (mouse events dispatched to its canvas, {@link LiveDriver}), the preview and the kept mask compared with the
 * batch pipeline's mask of the same box, Ctrl+Z, a plane of a stack, and an image closed while its features are
 * computed. Makes docs/images/live.gif.
 */
class LiveToolIT {

	static final Path MODEL = Paths.get(System.getProperty("basedir", "."), "..", "models", "deepmac-nuclei-objects-v2")
		.toAbsolutePath().normalize();
	static final Path NUCLEI = MODEL.resolveSibling("samples").resolve("nuclei.png");

	@TempDir
	Path tmp;

	@Test
	void theMaskFollowsTheRectangleAndIsKeptAsTheBatchPipelinesMask() throws Exception {
		ImageJUnderXvfb.assumeAvailable();
		ImageJUnderXvfb imagej = ImageJUnderXvfb.install("live", ImageJUnderXvfb.Layout.IMAGEJ);
		Path gif = tmp.resolve("live.gif");
		String live = "run(\"Deep-MAC Live\", \"model=[" + MODEL + "] device=cpu\");\n";
		// the batch pipeline's mask of the box the drag ends with, saved as a label image
		String batch = "t = getTitle(); roiManager(\"reset\"); makeRectangle(%d, %d, %d, %d); roiManager(\"add\");\n"
			+ "run(\"Deep-MAC Segment ROIs\", \"model=[" + MODEL + "] device=cpu\");\n"
			+ "selectImage(t + \"_labels\"); saveAs(\"Tiff\", %s); close(); selectImage(t); roiManager(\"reset\");\n"
			+ "run(\"Select None\");\n";
		String macro = "open(" + ImageJUnderXvfb.quote(NUCLEI) + ");\n"
			+ String.format(batch, 196, 36, 122, 104, ImageJUnderXvfb.quote(tmp.resolve("batch1.tif")))
			+ String.format(batch, 100, 75, 55, 65, ImageJUnderXvfb.quote(tmp.resolve("batch3.tif"))) + live
			+ "setOption(\"DebugMode\", true);\n" + "File.saveString(call(\"sc.fiji.deepmac.ij1.LiveDriver.drag\", " + ImageJUnderXvfb.quote(tmp.resolve("batch1.tif"))
			+ ", \"196\", \"36\", \"318\", \"140\", " + ImageJUnderXvfb.quote(gif) + "), "
			+ ImageJUnderXvfb.quote(tmp.resolve("single.txt")) + ");\n"
			// drawn (15, 140)-(65, 200) and released with Shift, moved by (90, -60), top-left corner to (100, 75), Enter
			+ "File.saveString(call(\"sc.fiji.deepmac.ij1.LiveDriver.pending\", " + ImageJUnderXvfb.quote(tmp.resolve("batch3.tif"))
			+ ", \"15,140,65,200,90,-60,100,75\"), "
			+ ImageJUnderXvfb.quote(tmp.resolve("pending.txt")) + ");\n"
			// a stack: 16-bit, three slices; live mode on slice 2
			+ "run(\"16-bit\"); run(\"Multiply...\", \"value=50\"); run(\"Select All\"); run(\"Copy\");\n"
			+ "newImage(\"s3\", \"16-bit black\", 400, 320, 3);\n"
			+ "for (i = 1; i <= 3; i++) { setSlice(i); run(\"Paste\"); }\n"
			+ "run(\"Select None\"); setSlice(2);\n"
			+ String.format(batch, 20, 140, 90, 80, ImageJUnderXvfb.quote(tmp.resolve("batch2.tif"))) + live
			+ "setOption(\"DebugMode\", true);\n" + "File.saveString(call(\"sc.fiji.deepmac.ij1.LiveDriver.drag\", " + ImageJUnderXvfb.quote(tmp.resolve("batch2.tif"))
			+ ", \"20\", \"140\", \"110\", \"220\", \"\"), " + ImageJUnderXvfb.quote(tmp.resolve("stack.txt")) + ");\n"
			+ "open(" + ImageJUnderXvfb.quote(NUCLEI) + ");\n" + live
			+ "File.saveString(call(\"sc.fiji.deepmac.ij1.LiveDriver.closeWhileComputing\"), "
			+ ImageJUnderXvfb.quote(tmp.resolve("close.txt")) + ");\n"
			+ "File.saveString(getInfo(\"log\"), " + ImageJUnderXvfb.quote(tmp.resolve("log.txt")) + ");\n"
			+ "run(\"Quit\");\n";
		ImageJUnderXvfb.Run run = imagej.run(macro, false, 400);
		assertTrue(Files.exists(tmp.resolve("single.txt")), "no report; ImageJ said:\n" + run.output());

		Map<String, String> single = read(tmp.resolve("single.txt"));
		assertTrue(Double.parseDouble(single.getOrDefault("previewIoU", "0")) >= 0.99, "preview: " + single);
		assertTrue(Double.parseDouble(single.get("keptIoU")) >= 0.99, "kept ROI: " + single);
		assertTrue(Double.parseDouble(single.get("labelsIoU")) >= 0.99, "label image: " + single);
		assertEquals("live-1", single.get("kept"));
		assertEquals("false", single.get("previewAfterKeep"));
		assertEquals("true", single.get("labelsShown"));
		assertEquals("0", single.get("afterUndo"), "Ctrl+Z took the ROI back");
		assertEquals("0", single.get("labelsAfterUndo"), "and the label");
		assertTrue(Files.size(gif) > 10_000, "an animated GIF");

		Map<String, String> pending = read(tmp.resolve("pending.txt"));
		assertEquals("15,140,50,60", pending.get("drawn"), "pending: " + pending);
		assertEquals("0", pending.get("addedWhilePending"), "released with Shift: nothing kept yet");
		assertEquals("0,80,50,60", pending.get("clamped"), "moved past the left edge: clamped, same size");
		assertEquals("105,80,50,60", pending.get("moved"));
		assertEquals("100,75,55,65", pending.get("resized"), "the bottom-right corner stays");
		for (String g : new String[] { "drawn", "moved", "resized" }) {
			assertTrue(Double.parseDouble(pending.get(g + "PreviewIoU")) >= 0.99, g + " preview: " + pending);
			assertTrue(inside(pending.get(g + "Preview"), pending.get(g)), g + " preview inside its box: " + pending);
		}
		assertTrue(Double.parseDouble(pending.get("keptIoU")) >= 0.99, "kept on Enter: " + pending);
		assertEquals("false", pending.get("previewAfterKeep"));
		assertEquals("false", pending.get("selectionAfterKeep"));

		Map<String, String> stack = read(tmp.resolve("stack.txt"));
		assertEquals("2", stack.get("plane"), "" + stack);
		assertEquals("2", stack.get("keptPosition"));
		assertTrue(Double.parseDouble(stack.get("previewIoU")) >= 0.99, "stack preview: " + stack);
		assertTrue(Double.parseDouble(stack.get("keptIoU")) >= 0.99, "stack kept: " + stack);

		Map<String, String> close = read(tmp.resolve("close.txt"));
		assertEquals("true", close.get("sessionGone"), "" + close + "\n" + run.output());
		assertEquals("true", close.get("terminated"));

		ImageJUnderXvfb.keepScreenshot(gif, "live.gif");
	}

	/** Whether the bounds "x,y,w,h" a lie inside b. */
	private static boolean inside(String a, String b) {
		int[] p = java.util.Arrays.stream(a.split(",")).mapToInt(Integer::parseInt).toArray();
		int[] q = java.util.Arrays.stream(b.split(",")).mapToInt(Integer::parseInt).toArray();
		return p[0] >= q[0] && p[1] >= q[1] && p[0] + p[2] <= q[0] + q[2] && p[1] + p[3] <= q[1] + q[3];
	}

	private static Map<String, String> read(Path file) throws IOException {
		Map<String, String> map = new HashMap<>();
		for (String line : Files.readAllLines(file)) {
			int eq = line.indexOf('=');
			if (eq > 0) map.put(line.substring(0, eq), line.substring(eq + 1));
		}
		return map;
	}
}
