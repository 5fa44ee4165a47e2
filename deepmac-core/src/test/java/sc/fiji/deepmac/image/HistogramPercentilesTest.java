package sc.fiji.deepmac.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class HistogramPercentilesTest {

	@Test
	void interpolatesBetweenNeighbouringRanks() {
		short[] zeroToTen = { 7, 3, 10, 0, 5, 1, 9, 2, 8, 4, 6 };
		IntensityRange range = HistogramPercentiles.of(zeroToTen, new PercentileNormalization(25, 75.5));
		assertEquals(2.5, range.low(), 1e-12);
		assertEquals(7.55, range.high(), 1e-12);
	}

	@Test
	void sixteenBitPercentilesEqualTheSortedReferenceExactly() {
		Random random = new Random(42);
		short[] pixels = new short[1000];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (short) random.nextInt(65536);
		double[] values = new double[pixels.length];
		for (int i = 0; i < pixels.length; i++)
			values[i] = pixels[i] & 0xffff;
		for (PercentileNormalization normalization : new PercentileNormalization[] { PercentileNormalization.DEFAULT,
			new PercentileNormalization(7.3, 93.1), new PercentileNormalization(0, 100) })
		{
			IntensityRange range = HistogramPercentiles.of(pixels, normalization);
			assertEquals(sortedPercentile(values, normalization.low()), range.low(), 0);
			assertEquals(sortedPercentile(values, normalization.high()), range.high(), 0);
		}
	}

	@Test
	void thirtyTwoBitPercentilesAreWithinOneBinOfTheSortedReference() {
		Random random = new Random(7);
		float[] pixels = new float[1003];
		for (int i = 0; i < 1000; i++)
			pixels[i] = (float) (random.nextGaussian() * 300 - 40);
		pixels[1000] = Float.NaN;
		pixels[1001] = Float.POSITIVE_INFINITY;
		pixels[1002] = Float.NEGATIVE_INFINITY;
		double[] finite = new double[1000];
		for (int i = 0; i < finite.length; i++)
			finite[i] = pixels[i];
		Arrays.sort(finite);
		double bin = (finite[finite.length - 1] - finite[0]) / HistogramPercentiles.FLOAT_BINS;
		for (PercentileNormalization normalization : new PercentileNormalization[] { PercentileNormalization.DEFAULT,
			new PercentileNormalization(7.3, 93.1), new PercentileNormalization(0, 100) })
		{
			IntensityRange range = HistogramPercentiles.of(pixels, normalization);
			assertEquals(sortedPercentile(finite, normalization.low()), range.low(), bin);
			assertEquals(sortedPercentile(finite, normalization.high()), range.high(), bin);
		}
	}

	@Test
	void aPlaneWithoutFiniteValuesHasAFlatRange() {
		float[] pixels = { Float.NaN, Float.POSITIVE_INFINITY, Float.NaN };
		assertTrue(HistogramPercentiles.of(pixels, PercentileNormalization.DEFAULT).isFlat());
	}

	@Test
	void sparseBrightObjectsAboveTheHighPercentileStretchToTheMaximum() {
		short[] pixels = new short[2000];
		Arrays.fill(pixels, (short) 100);
		pixels[7] = (short) 50000; // one pixel: above the 99.8th percentile
		IntensityRange range = HistogramPercentiles.of(pixels, PercentileNormalization.DEFAULT);
		assertEquals(100, range.low());
		assertEquals(50000, range.high());
		short[] constant = new short[10];
		Arrays.fill(constant, (short) 9);
		assertTrue(HistogramPercentiles.of(constant, PercentileNormalization.DEFAULT).isFlat());
	}

	/** NumPy's default percentile, by sorting. */
	private static double sortedPercentile(double[] values, double percent) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		double position = percent / 100 * (sorted.length - 1);
		int rank = (int) Math.floor(position);
		double fraction = position - rank;
		if (fraction == 0) return sorted[rank];
		return sorted[rank] + fraction * (sorted[rank + 1] - sorted[rank]);
	}
}
