package sc.fiji.deepmac.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import sc.fiji.deepmac.model.RgbImage;

class PlaneConverterTest {

	private static final PercentileNormalization MIN_TO_MAX = new PercentileNormalization(0, 100);

	@Test
	void eightBitGrayIsCopiedRaw() {
		ImagePlus image = new ImagePlus("8-bit", new ByteProcessor(3, 1, bytes(0, 7, 255)));
		RgbImage rgb = new PlaneConverter(PercentileNormalization.DEFAULT, 1).toRgb(image, 1, 1);
		assertEquals(3, rgb.width());
		assertEquals(1, rgb.height());
		assertArrayEquals(gray(0, 7, 255), unsigned(rgb));
	}

	@Test
	void sixteenBitIsStretchedBetweenItsPercentilesAsUnsignedValues() {
		short[] pixels = { 1000, 2000, (short) 60000, 31000 };
		// (v - 1000) / 59000 * 255, rounded
		assertArrayEquals(gray(0, 4, 255, 130), convert(MIN_TO_MAX, new ShortProcessor(2, 2, pixels, null)));
	}

	@Test
	void sixteenBitDefaultNormalizationMatchesSortedPercentiles() {
		Random random = new Random(3);
		short[] pixels = new short[40 * 25];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (short) (20000 + random.nextInt(30000));
		double[] sorted = new double[pixels.length];
		for (int i = 0; i < pixels.length; i++)
			sorted[i] = pixels[i] & 0xffff;
		Arrays.sort(sorted);
		// positions 0.01 * 999 and 0.998 * 999 fall between ranks
		double low = sorted[9] + 0.99 * (sorted[10] - sorted[9]);
		double high = sorted[997] + 0.002 * (sorted[998] - sorted[997]);
		int[] expected = new int[pixels.length];
		for (int i = 0; i < pixels.length; i++) {
			double stretched = ((pixels[i] & 0xffff) - low) / (high - low);
			expected[i] = (int) Math.round(Math.min(1, Math.max(0, stretched)) * 255);
		}

		ImagePlus image = new ImagePlus("16-bit", new ShortProcessor(40, 25, pixels, null));
		RgbImage rgb = new PlaneConverter(PercentileNormalization.DEFAULT, 1).toRgb(image, 1, 1);
		assertArrayEquals(gray(expected), unsigned(rgb));
	}

	@Test
	void thirtyTwoBitIsStretchedBetweenItsPercentiles() {
		float[] pixels = { -1.5f, 0, 2.5f, 1 };
		// (v + 1.5) / 4 * 255, within a 4 / 65536 bin
		assertArrayEquals(gray(0, 96, 255, 159), convert(MIN_TO_MAX, new FloatProcessor(4, 1, pixels)));
	}

	@Test
	void nanAndInfinitiesAreLeftOutOfThePercentilesAndBecomeZero() {
		float[] pixels = { 0, Float.NaN, 10, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 2.5f };
		assertArrayEquals(gray(0, 0, 255, 0, 0, 64), convert(MIN_TO_MAX, new FloatProcessor(6, 1, pixels)));
	}

	@Test
	void constantPlanesBecomeZeroButConstantEightBitStaysRaw() {
		short[] shorts = new short[6];
		Arrays.fill(shorts, (short) 500);
		float[] floats = new float[6];
		Arrays.fill(floats, 3.5f);
		float[] nans = new float[6];
		Arrays.fill(nans, Float.NaN);
		int[] zeros = gray(0, 0, 0, 0, 0, 0);
		assertArrayEquals(zeros, convert(PercentileNormalization.DEFAULT, new ShortProcessor(3, 2, shorts, null)));
		assertArrayEquals(zeros, convert(PercentileNormalization.DEFAULT, new FloatProcessor(3, 2, floats)));
		assertArrayEquals(zeros, convert(PercentileNormalization.DEFAULT, new FloatProcessor(3, 2, nans)));
		byte[] bytes = new byte[6];
		Arrays.fill(bytes, (byte) 200);
		assertArrayEquals(gray(200, 200, 200, 200, 200, 200),
			convert(PercentileNormalization.DEFAULT, new ByteProcessor(3, 2, bytes)));
	}

	@Test
	void rgbIsCopied() {
		ImagePlus image = new ImagePlus("RGB", new ColorProcessor(2, 1, new int[] { 0x123456, 0xabcdef }));
		RgbImage rgb = new PlaneConverter(PercentileNormalization.DEFAULT, PlaneConverter.COMPOSITE).toRgb(image, 1, 1);
		assertArrayEquals(new int[] { 0x12, 0x34, 0x56, 0xab, 0xcd, 0xef }, unsigned(rgb));
	}

	@Test
	void compositeOfRgbChannelsAddsTheirColours() {
		ImageStack stack = new ImageStack(2, 1);
		stack.addSlice("c1", new int[] { 0x102030, 0xf00000 });
		stack.addSlice("c2", new int[] { 0x010203, 0x2000ff });
		ImagePlus image = new ImagePlus("RGB channels", stack);
		image.setDimensions(2, 1, 1);
		RgbImage rgb = new PlaneConverter(PercentileNormalization.DEFAULT, PlaneConverter.COMPOSITE).toRgb(image, 1, 1);
		assertArrayEquals(new int[] { 0x11, 0x22, 0x33, 0xff, 0x00, 0xff }, unsigned(rgb));
	}

	@Test
	void compositeSumsTheChannelsColouredByTheirLutsOnTheRequestedSlice() {
		// 2 channels x 2 slices; slice 1 holds values that must not show
		ImageStack stack = new ImageStack(3, 1);
		stack.addSlice("c1 z1", bytes(9, 9, 9));
		stack.addSlice("c2 z1", bytes(9, 9, 9));
		stack.addSlice("c1 z2", bytes(200, 100, 0));
		stack.addSlice("c2 z2", bytes(100, 50, 30));
		CompositeImage image = composite(stack, 2, 2, Color.RED, Color.YELLOW);

		RgbImage rgb = new PlaneConverter(PercentileNormalization.DEFAULT, PlaneConverter.COMPOSITE).toRgb(image, 2, 1);
		// red = c1 + c2 clamped at 255, green = c2
		assertArrayEquals(new int[] { 255, 100, 0, 150, 50, 0, 30, 30, 0 }, unsigned(rgb));
	}

	@Test
	void compositeNormalizesEachChannelOnItsOwn() {
		ImageStack stack = new ImageStack(4, 1);
		stack.addSlice("c1", new short[] { 0, 1000, 2000, 1000 });
		stack.addSlice("c2", new short[] { 500, 500, 700, 700 });
		CompositeImage image = composite(stack, 2, 1, Color.RED, Color.YELLOW);

		RgbImage rgb = new PlaneConverter(MIN_TO_MAX, PlaneConverter.COMPOSITE).toRgb(image, 1, 1);
		// c1 levels 0, 128, 255, 128; c2 levels 0, 0, 255, 255
		assertArrayEquals(new int[] { 0, 0, 0, 128, 0, 0, 255, 255, 0, 255, 255, 0 }, unsigned(rgb));
	}

	@Test
	void aFlatChannelAddsNothingToTheComposite() {
		ImageStack stack = new ImageStack(3, 1);
		stack.addSlice("c1", new float[] { 0, 0.5f, 2 });
		stack.addSlice("c2", new float[] { 4, 4, 4 });
		CompositeImage image = composite(stack, 2, 1, Color.RED, Color.GREEN);

		RgbImage rgb = new PlaneConverter(MIN_TO_MAX, PlaneConverter.COMPOSITE).toRgb(image, 1, 1);
		assertArrayEquals(new int[] { 0, 0, 0, 64, 0, 0, 255, 0, 0 }, unsigned(rgb));
	}

	@Test
	void aChosenChannelIsReadFromItsHyperstackPlane() {
		// c = 2, z = 3, t = 2: each plane holds 10 x its 1-based stack index
		ImageStack stack = new ImageStack(2, 1);
		for (int index = 1; index <= 12; index++)
			stack.addSlice("plane " + index, bytes(10 * index, 10 * index));
		ImagePlus image = new ImagePlus("hyperstack", stack);
		image.setDimensions(2, 3, 2);

		// czt order: channel 2, slice 3, frame 2 is plane (2 - 1) * 6 + (3 - 1) * 2 + 2 = 12
		RgbImage c2z3t2 = new PlaneConverter(PercentileNormalization.DEFAULT, 2).toRgb(image, 3, 2);
		assertArrayEquals(gray(120, 120), unsigned(c2z3t2));
		// channel 1, slice 2, frame 1 is plane 3
		RgbImage c1z2t1 = new PlaneConverter(PercentileNormalization.DEFAULT, 1).toRgb(image, 2, 1);
		assertArrayEquals(gray(30, 30), unsigned(c1z2t1));
	}

	@Test
	void aSingleChannelImageIgnoresTheChannelChoice() {
		ImagePlus image = new ImagePlus("8-bit", new ByteProcessor(2, 1, bytes(5, 6)));
		RgbImage rgb = new PlaneConverter(PercentileNormalization.DEFAULT, 4).toRgb(image, 1, 1);
		assertArrayEquals(gray(5, 6), unsigned(rgb));
	}

	@Test
	void refusesAChannelTheImageDoesNotHave() {
		ImageStack stack = new ImageStack(1, 1);
		stack.addSlice("c1", bytes(1));
		stack.addSlice("c2", bytes(2));
		ImagePlus image = new ImagePlus("two channels", stack);
		image.setDimensions(2, 1, 1);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new PlaneConverter(PercentileNormalization.DEFAULT, 3).toRgb(image, 1, 1));
		assertTrue(e.getMessage().contains("has 2 channels"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new PlaneConverter(PercentileNormalization.DEFAULT, -1));
	}

	@Test
	void refusesASliceOrFrameOutsideTheImage() {
		ImagePlus image = new ImagePlus("8-bit", new ByteProcessor(1, 1));
		PlaneConverter converter = new PlaneConverter(PercentileNormalization.DEFAULT, 1);
		IllegalArgumentException slice = assertThrows(IllegalArgumentException.class,
			() -> converter.toRgb(image, 2, 1));
		assertTrue(slice.getMessage().contains("Slice 2"), slice.getMessage());
		IllegalArgumentException frame = assertThrows(IllegalArgumentException.class,
			() -> converter.toRgb(image, 1, 0));
		assertTrue(frame.getMessage().contains("Frame 0"), frame.getMessage());
	}

	/** The single plane of {@code plane}, as unsigned r, g, b values. */
	private static int[] convert(PercentileNormalization normalization, ImageProcessor plane) {
		return unsigned(new PlaneConverter(normalization, 1).toRgb(new ImagePlus("plane", plane), 1, 1));
	}

	private static CompositeImage composite(ImageStack stack, int channels, int slices, Color first, Color second) {
		ImagePlus image = new ImagePlus("composite", stack);
		image.setDimensions(channels, slices, 1);
		CompositeImage composite = new CompositeImage(image, CompositeImage.COMPOSITE);
		composite.setChannelLut(LUT.createLutFromColor(first), 1);
		composite.setChannelLut(LUT.createLutFromColor(second), 2);
		return composite;
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++)
			bytes[i] = (byte) values[i];
		return bytes;
	}

	/** Each level as an r, g, b triple of equal values. */
	private static int[] gray(int... levels) {
		int[] rgb = new int[3 * levels.length];
		for (int i = 0; i < levels.length; i++)
			Arrays.fill(rgb, 3 * i, 3 * i + 3, levels[i]);
		return rgb;
	}

	private static int[] unsigned(RgbImage image) {
		byte[] pixels = image.pixels();
		int[] values = new int[pixels.length];
		for (int i = 0; i < pixels.length; i++)
			values[i] = pixels[i] & 0xff;
		return values;
	}
}
