package sc.fiji.deepmac.image;

import ij.process.LUT;

/** Writes planes into an interleaved {@code r,g,b} array of {@code 3 * pixelCount} bytes. */
final class InterleavedRgb {

	private static final int LUT_SIZE = 256;

	private InterleavedRgb() {}

	/**
	 * Each of the first {@code pixelCount} gray levels as three equal bytes. {@code levels} may be {@code rgb}
	 * itself: going backwards, pixel {@code i} writes at {@code 3 * i} and above, past the levels still to read.
	 */
	static void putGray(byte[] levels, int pixelCount, byte[] rgb) {
		for (int i = pixelCount - 1; i >= 0; i--) {
			byte level = levels[i];
			rgb[3 * i] = level;
			rgb[3 * i + 1] = level;
			rgb[3 * i + 2] = level;
		}
	}

	/** The r, g, b of ImageJ's packed {@code 0xrrggbb} pixels. */
	static void putPacked(int[] packed, byte[] rgb) {
		for (int i = 0, j = 0; i < packed.length; i++, j += 3) {
			int pixel = packed[i];
			rgb[j] = (byte) (pixel >> 16);
			rgb[j + 1] = (byte) (pixel >> 8);
			rgb[j + 2] = (byte) pixel;
		}
	}

	/** Adds packed {@code 0xrrggbb} pixels, each component clamped at 255. */
	static void addPacked(int[] packed, byte[] rgb) {
		for (int i = 0, j = 0; i < packed.length; i++, j += 3) {
			int pixel = packed[i];
			rgb[j] = saturatedSum(rgb[j], pixel >> 16 & 0xff);
			rgb[j + 1] = saturatedSum(rgb[j + 1], pixel >> 8 & 0xff);
			rgb[j + 2] = saturatedSum(rgb[j + 2], pixel & 0xff);
		}
	}

	/**
	 * Adds the first {@code pixelCount} gray levels coloured through {@code lut} (gray when null), each component
	 * clamped at 255: ImageJ's additive composite.
	 */
	static void addThroughLut(byte[] levels, int pixelCount, LUT lut, byte[] rgb) {
		byte[] reds = new byte[LUT_SIZE];
		byte[] greens = new byte[LUT_SIZE];
		byte[] blues = new byte[LUT_SIZE];
		if (lut == null) {
			for (int level = 0; level < LUT_SIZE; level++)
				reds[level] = greens[level] = blues[level] = (byte) level;
		}
		else {
			lut.getReds(reds);
			lut.getGreens(greens);
			lut.getBlues(blues);
		}
		for (int i = 0, j = 0; i < pixelCount; i++, j += 3) {
			int level = levels[i] & 0xff;
			rgb[j] = saturatedSum(rgb[j], reds[level] & 0xff);
			rgb[j + 1] = saturatedSum(rgb[j + 1], greens[level] & 0xff);
			rgb[j + 2] = saturatedSum(rgb[j + 2], blues[level] & 0xff);
		}
	}

	private static byte saturatedSum(byte current, int added) {
		return (byte) Math.min(255, (current & 0xff) + added);
	}
}
