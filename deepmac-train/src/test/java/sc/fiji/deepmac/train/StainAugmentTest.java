package sc.fiji.deepmac.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class StainAugmentTest {

	private static final int SIZE = 64;

	/** Gray nuclei (discs with some texture) of the given level on a background of another. */
	private static Scene nuclei(float nucleus, float background, long seed) {
		Random r = new Random(seed);
		float[] rgb = new float[3 * SIZE * SIZE];
		int[] labels = new int[SIZE * SIZE];
		int[][] centres = { { 16, 16 }, { 44, 20 }, { 30, 46 } };
		for (int i = 0; i < SIZE * SIZE; i++) {
			int x = i % SIZE, y = i / SIZE;
			float v = background;
			for (int k = 0; k < centres.length; k++)
				if (Math.hypot(x - centres[k][0], y - centres[k][1]) < 9) {
					labels[i] = k + 1;
					v = nucleus;
				}
			v += (float) (r.nextGaussian() * 6);
			for (int c = 0; c < 3; c++) rgb[3 * i + c] = Math.max(0, Math.min(255, v));
		}
		return new Scene(SIZE, SIZE, rgb, labels, new int[] { -1, 100, 100, 100 }, new boolean[] { false, true, true, true });
	}

	/** Mean of a channel over nuclei (inside) or background pixels. */
	private static double mean(Scene s, int channel, boolean inside) {
		double sum = 0;
		int n = 0;
		for (int i = 0; i < s.labels().length; i++)
			if ((s.labels()[i] > 0) == inside) {
				sum += s.rgb()[3 * i + channel];
				n++;
			}
		return sum / n;
	}

	private static void assertInRange(float[] rgb) {
		for (float v : rgb) assertTrue(v >= 0 && v <= 255, "value " + v);
	}

	@Test
	void hematoxylinEosinMakesNucleiPurpleOnPinkWhicheverThePolarity() {
		for (float[] levels : new float[][] { { 200, 30 }, { 60, 210 } })
			for (long seed = 0; seed < 10; seed++) {
				Scene s = nuclei(levels[0], levels[1], seed);
				int[] labels = s.labels().clone();
				StainAugment.hematoxylinEosin(s, new Random(seed));
				assertArrayEquals(labels, s.labels());
				assertInRange(s.rgb());
				assertTrue(mean(s, 0, true) < mean(s, 0, false) - 10, "nuclei darker in red than the background");
				assertTrue(mean(s, 0, false) > mean(s, 1, false), "pinkish background: red above green");
				assertTrue(mean(s, 2, true) > mean(s, 0, true), "nuclei bluish: blue above red");
			}
	}

	@Test
	void sameSeedSamePixels() {
		Scene a = nuclei(200, 30, 1), b = nuclei(200, 30, 1);
		StainAugment.hematoxylinEosin(a, new Random(7));
		StainAugment.hematoxylinEosin(b, new Random(7));
		assertArrayEquals(a.rgb(), b.rgb());
		StainAugment.jitterStains(a, new Random(8));
		StainAugment.jitterStains(b, new Random(8));
		assertArrayEquals(a.rgb(), b.rgb());
	}

	@Test
	void jitterStainsKeepsWhiteAndLabelsAndChangesStainedPixels() {
		Scene s = nuclei(60, 210, 3);
		StainAugment.hematoxylinEosin(s, new Random(3));
		assertTrue(StainAugment.isColourful(s));
		assertTrue(!StainAugment.isColourful(nuclei(60, 210, 3)));
		float[] before = s.rgb().clone();
		int[] labels = s.labels().clone();
		s.rgb()[0] = s.rgb()[1] = s.rgb()[2] = 255;
		StainAugment.jitterStains(s, new Random(5));
		assertArrayEquals(labels, s.labels());
		assertInRange(s.rgb());
		for (int c = 0; c < 3; c++) assertTrue(s.rgb()[c] > 254.5, "white stays white");
		double change = 0;
		for (int i = 3; i < before.length; i++) change += Math.abs(before[i] - s.rgb()[i]);
		assertTrue(change / before.length > 1, "stains rescaled");
	}
}
