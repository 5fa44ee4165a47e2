package sc.fiji.deepmac.image;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The 8-bit gray levels of one plane: 8-bit pixels as they are, 16-bit and 32-bit pixels stretched between the
 * plane's own percentiles to {@code round(clamp((v - low) / (high - low), 0, 1) * 255)}. Non-finite values and
 * flat planes become 0.
 */
final class GrayLevels {

	private static final int SHORT_VALUES = 65536;

	private GrayLevels() {}

	/**
	 * The levels of {@code pixels} (an ImageJ {@code byte[]}, {@code short[]} or {@code float[]} plane): an 8-bit
	 * plane's own array, otherwise the first {@code pixels.length} entries of {@code buffer}, overwritten.
	 * {@code ranges} hears the range that a 16-bit or 32-bit plane was stretched over.
	 */
	static byte[] of(Object pixels, PercentileNormalization normalization, byte[] buffer, Consumer<IntensityRange> ranges) {
		if (pixels instanceof byte[] bytes) return bytes;
		if (pixels instanceof short[] shorts) writeShorts(shorts, normalization, buffer, ranges);
		else if (pixels instanceof float[] floats) writeFloats(floats, normalization, buffer, ranges);
		else throw new IllegalArgumentException("Not a gray plane: " + pixels.getClass().getSimpleName() + " pixels");
		return buffer;
	}

	private static void writeShorts(short[] pixels, PercentileNormalization normalization, byte[] levels,
		Consumer<IntensityRange> ranges)
	{
		IntensityRange range = HistogramPercentiles.of(pixels, normalization);
		ranges.accept(range);
		// one level per possible value: a table lookup per pixel instead of a division
		byte[] levelOf = new byte[SHORT_VALUES];
		if (!range.isFlat()) {
			double span = range.high() - range.low();
			for (int value = 0; value < SHORT_VALUES; value++)
				levelOf[value] = (byte) level(value, range.low(), span);
		}
		for (int i = 0; i < pixels.length; i++)
			levels[i] = levelOf[pixels[i] & 0xffff];
	}

	private static void writeFloats(float[] pixels, PercentileNormalization normalization, byte[] levels,
		Consumer<IntensityRange> ranges)
	{
		IntensityRange range = HistogramPercentiles.of(pixels, normalization);
		ranges.accept(range);
		if (range.isFlat()) {
			Arrays.fill(levels, 0, pixels.length, (byte) 0);
			return;
		}
		double low = range.low();
		double span = range.high() - low;
		for (int i = 0; i < pixels.length; i++) {
			float value = pixels[i];
			levels[i] = Float.isFinite(value) ? (byte) level(value, low, span) : 0;
		}
	}

	private static int level(double value, double low, double span) {
		double stretched = (value - low) / span;
		if (stretched <= 0) return 0;
		if (stretched >= 1) return 255;
		return (int) Math.round(stretched * 255);
	}
}
