package sc.fiji.deepmac.image;

import java.util.function.IntToDoubleFunction;

/**
 * Percentiles of a plane read from a histogram, so that an 8192 x 8192 plane costs two linear passes instead of a
 * sort. 16-bit planes use one bin per value and are exact. 32-bit planes use {@link #FLOAT_BINS} bins between
 * the plane's finite minimum and maximum, so their percentiles are exact to one bin, {@code (max - min) /
 * FLOAT_BINS}. NaN and infinite values are left out.
 */
final class HistogramPercentiles {

	static final int FLOAT_BINS = 65536;

	private static final int SHORT_VALUES = 65536;

	private HistogramPercentiles() {}

	static IntensityRange of(short[] pixels, PercentileNormalization normalization) {
		int[] counts = new int[SHORT_VALUES];
		for (short pixel : pixels)
			counts[pixel & 0xffff]++;
		return range(counts, pixels.length, normalization, bin -> bin);
	}

	static IntensityRange of(float[] pixels, PercentileNormalization normalization) {
		float min = Float.POSITIVE_INFINITY;
		float max = Float.NEGATIVE_INFINITY;
		for (float value : pixels) {
			if (!Float.isFinite(value)) continue;
			if (value < min) min = value;
			if (value > max) max = value;
		}
		if (min > max) return IntensityRange.NONE;
		if (min == max) return new IntensityRange(min, max);
		// doubles: max - min of two floats can overflow a float
		double lowest = min;
		double span = (double) max - min;
		double binsPerUnit = FLOAT_BINS / span;
		int[] counts = new int[FLOAT_BINS];
		int finite = 0;
		for (float value : pixels) {
			if (!Float.isFinite(value)) continue;
			// the maximum itself lands on FLOAT_BINS
			counts[Math.min((int) ((value - lowest) * binsPerUnit), FLOAT_BINS - 1)]++;
			finite++;
		}
		double binWidth = span / FLOAT_BINS;
		return range(counts, finite, normalization, bin -> lowest + (bin + 0.5) * binWidth);
	}

	private static IntensityRange range(int[] counts, int total, PercentileNormalization normalization,
		IntToDoubleFunction binValue)
	{
		double low = percentile(counts, total, normalization.low(), binValue);
		double high = percentile(counts, total, normalization.high(), binValue);
		// A mostly empty plane (sparse bright objects above the high percentile) would otherwise come out black:
		// stretch up to its maximum instead.
		if (!(high > low) && total > 0) high = binValue.applyAsDouble(binOfRank(counts, total - 1));
		return new IntensityRange(low, high, brightTail(counts, total, low, high, binValue));
	}

	/** The part of the plane that may fill the upper half of the 8-bit range and still count as small. */
	static final double SMALL_PART = 0.02;
	/** How many times as many pixels must sit in the lower levels, squashed, for a bright tail to matter. */
	static final int SQUASHED_RATIO = 4;

	/**
	 * Whether the upper end of the range is set by a small part of the plane far above the rest: a saturated spot
	 * or artefact that squashes the objects into the lower levels (issue 13: nuclei IoU 0.92 became 0.79). In the
	 * 8-bit levels that the range gives, all three of:
	 * <ol>
	 * <li>the upper half of the levels (the values above the middle of the range) holds under {@value #SMALL_PART}
	 * of the plane's pixels: a small part;</li>
	 * <li>at least half of those are at the top level (at or above the high percentile): a clipped plateau far above
	 * the rest, not the bright interiors of objects, whose graded values spread over the upper half;</li>
	 * <li>the levels from 1/8 to 1/2 of the range hold at least {@value #SQUASHED_RATIO} times as many pixels as the
	 * upper half: a population (the objects) that the stretch squashes below half the range.</li>
	 * </ol>
	 * Ordinary images fail (1): their objects fill the upper half. Sparse bright objects fail (2) or (3): their
	 * interiors spread over the upper half, and only their edges lie below it. One pass over the histogram.
	 */
	private static boolean brightTail(int[] counts, int total, double low, double high, IntToDoubleFunction binValue) {
		if (!(high > low) || total == 0) return false;
		double middle = low + (high - low) / 2, eighth = low + (high - low) / 8;
		long upper = 0, top = 0, squashed = 0;
		for (int bin = 0; bin < counts.length; bin++) {
			if (counts[bin] == 0) continue;
			double value = binValue.applyAsDouble(bin);
			if (value >= middle) {
				upper += counts[bin];
				if (value >= high) top += counts[bin];
			}
			else if (value >= eighth) squashed += counts[bin];
		}
		return upper > 0 && upper < SMALL_PART * total && 2 * top >= upper && squashed >= SQUASHED_RATIO * upper;
	}

	/**
	 * Linear interpolation between the values of ranks {@code floor(p)} and {@code floor(p) + 1}, where {@code p =
	 * percent / 100 * (total - 1)}.
	 */
	private static double percentile(int[] counts, int total, double percent, IntToDoubleFunction binValue) {
		double position = percent / 100 * (total - 1);
		int rank = (int) position;
		double fraction = position - rank;
		double value = binValue.applyAsDouble(binOfRank(counts, rank));
		if (fraction == 0) return value;
		double next = binValue.applyAsDouble(binOfRank(counts, rank + 1));
		return value + fraction * (next - value);
	}

	/** The bin that holds the 0-based {@code rank}-th value in sorted order. */
	private static int binOfRank(int[] counts, int rank) {
		long seen = 0;
		for (int bin = 0; bin < counts.length; bin++) {
			seen += counts[bin];
			if (seen > rank) return bin;
		}
		throw new IllegalArgumentException("Rank " + rank + " is beyond the histogram's " + seen + " values");
	}
}
