package sc.fiji.deepmac.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first minutes, as a person meets them in a real ImageJ under Xvfb: a fresh install (target/fiji/
 * copied in, no preferences), the sample opened from the menu, the real dialog opened and its defaults accepted with
 * a mouse click on OK, then a second run through the dialog with the model typed in, key by key, as a directory field
 * leaves it ("name/"). The shipped default model does the work. The pictures of the dialog and of the results in
 * docs/images/ are made here.
 */
class FirstRunIT {

	@TempDir
	static Path tmp;
	static ImageJUnderXvfb imagej;

	@BeforeAll
	static void install() throws Exception {
		ImageJUnderXvfb.assumeAvailable();
		imagej = ImageJUnderXvfb.install("first-run", ImageJUnderXvfb.Layout.IMAGEJ);
	}

	private static String driver(Path screenshot, String field, String text) {
		return "driver = call(\"sc.fiji.deepmac.ij1.DialogDriver.accept\", \"Deep-MAC Segment ROIs\", \""
			+ (screenshot == null ? "" : screenshot.toString()) + "\", \"" + field + "\", \"" + text + "\");\n";
	}

	@Test
	void sampleDialogDefaultsThenASecondRunWithTheModelTypedIn() throws Exception {
		Path dialogShot = tmp.resolve("dialog.png"), resultsShot = tmp.resolve("results.png");
		Path first = tmp.resolve("first.txt"), second = tmp.resolve("second.txt");
		String macro = SegmentRoisMacroIT.REPORT
			+ "run(\"Nuclei (Deep-MAC sample)\");\n"
			+ "boxes = roiManager(\"count\");\n"
			+ driver(dialogShot, "", "")
			+ "run(\"Deep-MAC Segment ROIs\");\n"
			+ "report(" + ImageJUnderXvfb.quote(first) + ");\n"
			// the results as they are left, the windows only moved apart for the picture
			+ "selectImage(\"nuclei.png\"); setLocation(0, 60);\n"
			+ "selectImage(\"nuclei.png_labels\"); setLocation(520, 60);\n"
			+ "selectWindow(\"ROI Manager\"); setLocation(1040, 60);\n"
			+ "selectWindow(\"Results\"); setLocation(520, 560); \n"
			+ "selectImage(\"nuclei.png\");\n"
			+ "wait(1500);\n"
			+ "run(\"Capture Screen\");\n"
			+ "saveAs(\"PNG\", " + ImageJUnderXvfb.quote(resultsShot) + ");\n"
			+ "close();\n"
			+ "selectImage(\"nuclei.png\");\n"
			+ driver(null, "Model", "deepmac-nuclei-objects-v2/")
			+ "run(\"Deep-MAC Segment ROIs\");\n"
			+ "report(" + ImageJUnderXvfb.quote(second) + ");\n"
			+ "t = \"\"; for (i = 1; i <= nImages; i++) { selectImage(i); t = t + getTitle() + \";\"; }\n"
			+ "File.saveString(t + \"\\nboxes=\" + boxes + \"\\n\" + getInfo(\"log\"), "
			+ ImageJUnderXvfb.quote(tmp.resolve("titles.txt")) + ");\n"
			+ "run(\"Quit\");\n";
		ImageJUnderXvfb.Run run = imagej.run(macro, false, 300);
		assertTrue(Files.exists(second), "no report of the second run; ImageJ said:\n" + run.output());
		String output = run.output();
		assertTrue(output.contains("DialogDriver field: Model=deepmac-nuclei-objects-v2"),
			"a fresh install offers the shipped model:\n" + output);
		assertTrue(output.contains("DialogDriver typed: Model=deepmac-nuclei-objects-v2/"), output);
		assertEquals(2, output.lines().filter(l -> l.equals("DialogDriver pressed OK")).count(), output);

		List<String> titles = Files.readAllLines(tmp.resolve("titles.txt"));
		int boxes = Integer.parseInt(titles.get(1).substring("boxes=".length()));
		assertTrue(boxes >= 5, "the sample's boxes in the ROI Manager: " + titles);
		Map<String, String> a = SegmentRoisMacroIT.read(first);
		assertEquals("nuclei.png", a.get("title"), "the user's image stays active");
		assertEquals("" + 2 * boxes, a.get("count"), "the sample's boxes and one mask ROI each");
		assertEquals("" + boxes, a.get("nResults"));
		SegmentRoisMacroIT.assertMaskNamesMatchResults(a, boxes);

		Map<String, String> b = SegmentRoisMacroIT.read(second);
		assertEquals("nuclei.png", b.get("title"));
		assertEquals("" + 3 * boxes, b.get("count"), "the second run took the user's boxes only, not the first masks");
		assertEquals("" + boxes, b.get("nResults"));
		assertTrue(titles.get(0).startsWith("nuclei.png;") && titles.get(0).split(";").length == 3
			&& !titles.get(0).contains("_labels_labels"),
			"the second run segmented the sample again, not the label image: " + titles.get(0));
		assertTrue(String.join("\n", titles).contains("mask ROI(s) of an earlier Deep-MAC run in the ROI Manager were left "
			+ "out of the prompts"), String.join("\n", titles));

		assertTrue(Files.size(dialogShot) > 5_000 && Files.size(resultsShot) > 20_000, "screenshots");
		ImageJUnderXvfb.keepScreenshot(dialogShot, "segment-rois-dialog.png");
		ImageJUnderXvfb.keepScreenshot(resultsShot, "segment-rois.png");
	}
}
