package sc.fiji.deepmac.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;

import static sc.fiji.deepmac.testing.TestImages.blurredDisks;
import static sc.fiji.deepmac.testing.TestImages.nuclei;
import static sc.fiji.deepmac.testing.TestImages.withArtefact;

/** A small saturated artefact that sets the top of the 8-bit range is noticed; ordinary images are not (issue 13). */
class BrightTailTest {

	private static boolean brightTail(ShortProcessor ip, PercentileNormalization normalization) {
		return HistogramPercentiles.of((short[]) ip.getPixels(), normalization).brightTail();
	}

	@Test
	void ordinaryPlanesDoNotWarn() {
		for (long seed = 0; seed < 5; seed++) {
			assertFalse(brightTail(nuclei(seed), PercentileNormalization.DEFAULT), "nuclei " + seed);
			// sparse: one small nucleus in a large plane, its interior above the high percentile
			assertFalse(brightTail(blurredDisks(seed, 20000, 128, 128, 7), PercentileNormalization.DEFAULT), "one nucleus");
			// sparse, overexposed: saturated nuclei are the objects themselves
			assertFalse(brightTail(blurredDisks(seed, 65535, 60, 60, 8, 180, 170, 9), PercentileNormalization.DEFAULT),
				"saturated nuclei");
			assertFalse(brightTail(nuclei(seed), new PercentileNormalization(0, 100)), "nuclei, full range");
		}
	}

	@Test
	void aSmallSaturatedArtefactWarnsUnlessTheHighPercentileLeavesItOut() {
		for (long seed = 0; seed < 5; seed++) {
			assertTrue(brightTail(withArtefact(nuclei(seed)), PercentileNormalization.DEFAULT), "artefact " + seed);
			assertFalse(brightTail(withArtefact(nuclei(seed)), new PercentileNormalization(1, 99)), "1,99 " + seed);
		}
	}

	@Test
	void thirtyTwoBitPlanesAndTheConverterSayTheSame() {
		ShortProcessor artefact = withArtefact(nuclei(7));
		float[] floats = (float[]) artefact.convertToFloatProcessor().getPixels();
		assertTrue(HistogramPercentiles.of(floats, PercentileNormalization.DEFAULT).brightTail());
		PlaneConverter converter = new PlaneConverter(PercentileNormalization.DEFAULT, 0);
		converter.toRgb(new ImagePlus("artefact", artefact), 1, 1);
		assertTrue(converter.brightTail());
		converter.toRgb(new ImagePlus("nuclei", nuclei(7)), 1, 1);
		assertFalse(converter.brightTail(), "reset for each plane");
		float[] plain = (float[]) nuclei(7).convertToFloatProcessor().getPixels();
		assertFalse(HistogramPercentiles.of(plain, PercentileNormalization.DEFAULT).brightTail());
	}
}
