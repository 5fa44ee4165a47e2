package sc.fiji.deepmac.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.image.PercentileNormalization;
import sc.fiji.deepmac.testing.StubMaskModel;
import sc.fiji.deepmac.testing.TestImages;

/** A saturated artefact that sets the 8-bit range is one warning per run, naming its planes (issue 13, item 9). */
class BrightTailWarningTest {

	/** A filled box at 0.9: the masks do not matter here. */
	private static final class FilledModel extends StubMaskModel {
		@Override
		protected void mask(float[] box, float[] out) {
			java.util.Arrays.fill(out, 0.9f);
		}
	}

	private static List<String> warnings(ImagePlus image, PercentileNormalization normalization) {
		List<String> warnings = new ArrayList<>();
		SegmentationOptions options = new SegmentationOptions(0.5f, 0, normalization, 64);
		new DeepMacSegmenter(new FilledModel(), options).segment(image, List.of(Box.of("nucleus", 22, 22, 36, 36)),
			new ProgressListener() {
				@Override
				public void warn(String message) {
					warnings.add(message);
				}
			});
		return warnings;
	}

	@Test
	void oneWarningNamesThePlanesAndSaysWhatToDo() {
		ImageStack stack = new ImageStack(256, 256);
		for (int z = 1; z <= 3; z++) {
			ShortProcessor plane = TestImages.nuclei(z);
			stack.addSlice(z == 2 ? plane : TestImages.withArtefact(plane));
		}
		ImagePlus image = new ImagePlus("cells", stack);
		List<String> warnings = warnings(image, PercentileNormalization.DEFAULT);
		assertEquals(1, warnings.size(), warnings.toString());
		String warning = warnings.get(0);
		assertTrue(warning.contains("2 planes: cells z1 t1, cells z3 t1 "), warning);
		assertTrue(warning.contains("--percentiles 1,99") && warning.contains("(dialog: Percentiles)"), warning);
		assertEquals(List.of(), warnings(image, new PercentileNormalization(1, 99)));
		assertEquals(List.of(), warnings(new ImagePlus("plain", TestImages.nuclei(4)),
			PercentileNormalization.DEFAULT));
	}
}
