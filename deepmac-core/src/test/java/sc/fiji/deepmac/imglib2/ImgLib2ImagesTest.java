package sc.fiji.deepmac.imglib2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import sc.fiji.deepmac.UserError;

class ImgLib2ImagesTest {

	@Test
	void wrapsEachBitDepthWithoutCopying() {
		for (ImageProcessor ip : new ImageProcessor[] { new ByteProcessor(7, 5), new ShortProcessor(7, 5),
			new FloatProcessor(7, 5) })
		{
			ImagePlus imp = new ImagePlus("plane", ip);
			Img<? extends RealType<?>> img = ImgLib2Images.wrap(imp);
			assertArrayEquals(new long[] { 7, 5 }, img.dimensionsAsLongArray());
			assertEquals("XY", ImgLib2Images.axes(imp).letters());
			Class<?> expected = switch (imp.getBitDepth()) {
				case 8 -> UnsignedByteType.class;
				case 16 -> UnsignedShortType.class;
				default -> FloatType.class;
			};
			assertInstanceOf(expected, img.firstElement());
			RandomAccess<? extends RealType<?>> ra = img.randomAccess();
			ra.setPosition(new long[] { 3, 2 });
			ra.get().setReal(200);
			assertEquals(200, ip.getf(3, 2), "writing through the Img changes the ImagePlus, " + expected.getSimpleName());
			ip.setf(6, 4, 17);
			ra.setPosition(new long[] { 6, 4 });
			assertEquals(17, ra.get().getRealDouble(), "and back");
		}
	}

	@Test
	void wrapsAHyperstackPlaneByPlaneInXYCZTOrder() {
		int channels = 2, slices = 3, frames = 2;
		ImageStack stack = new ImageStack(4, 3);
		for (int i = 0; i < channels * slices * frames; i++) {
			ShortProcessor ip = new ShortProcessor(4, 3);
			ip.set(1, 2, 1000 + i);
			stack.addSlice(ip);
		}
		ImagePlus imp = new ImagePlus("hyper", stack);
		imp.setDimensions(channels, slices, frames);
		Img<? extends RealType<?>> img = ImgLib2Images.wrap(imp);
		assertEquals("XYCZT", ImgLib2Images.axes(imp).letters());
		assertArrayEquals(new long[] { 4, 3, channels, slices, frames }, img.dimensionsAsLongArray());
		RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		for (int t = 0; t < frames; t++)
			for (int z = 0; z < slices; z++)
				for (int c = 0; c < channels; c++) {
					ra.setPosition(new long[] { 1, 2, c, z, t });
					int index = imp.getStackIndex(c + 1, z + 1, t + 1);
					assertEquals(1000 + index - 1, ra.get().getRealDouble());
					ra.setPosition(0, 0);
					ra.get().setReal(index);
					assertEquals(index, stack.getProcessor(index).get(0, 2), "the stack's own arrays");
				}

		ImagePlus zOnly = new ImagePlus("z", stack);
		zOnly.setDimensions(1, 12, 1);
		assertArrayEquals(new long[] { 4, 3, 12 }, ImgLib2Images.wrap(zOnly).dimensionsAsLongArray());
		assertEquals("XYZ", ImgLib2Images.axes(zOnly).letters());
	}

	@Test
	void refusesRgbImages() {
		UserError e = assertThrows(UserError.class, () -> ImgLib2Images.wrap(new ImagePlus("photo", new ColorProcessor(4, 4))));
		assertTrue(e.getMessage().startsWith("'photo' is an RGB image"), e.getMessage());
	}

	@Test
	void labelImagesAreUnsignedShortsOverTheirArraysOrUnsignedIntsPast65535() {
		ImageStack shorts = new ImageStack(5, 4);
		for (int i = 0; i < 6; i++) shorts.addSlice(new ShortProcessor(5, 4));
		ImagePlus sixteen = new ImagePlus("labels", shorts);
		sixteen.setDimensions(1, 3, 2);
		// an Img with the input's axis order, here T before Z
		Img<? extends RealType<?>> img = ImgLib2Images.labels(sixteen, AxisOrder.parse("XYTZ"));
		assertInstanceOf(UnsignedShortType.class, img.firstElement());
		assertArrayEquals(new long[] { 5, 4, 2, 3 }, img.dimensionsAsLongArray());
		RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		ra.setPosition(new long[] { 4, 3, 1, 2 });
		ra.get().setReal(65535);
		assertEquals(65535, shorts.getProcessor(sixteen.getStackIndex(1, 3, 2)).get(4, 3), "no copy");

		FloatProcessor wide = new FloatProcessor(5, 4);
		wide.setf(2, 1, 70000);
		wide.setf(3, 1, 16_777_216);
		Img<? extends RealType<?>> ints = ImgLib2Images.labels(new ImagePlus("many", wide), AxisOrder.parse("XY"));
		UnsignedIntType first = assertInstanceOf(UnsignedIntType.class, ints.firstElement());
		assertEquals(0, first.get());
		RandomAccess<? extends RealType<?>> r = ints.randomAccess();
		r.setPosition(new long[] { 2, 1 });
		assertEquals(70000, r.get().getRealDouble());
		r.setPosition(3, 0);
		assertEquals(16_777_216, r.get().getRealDouble());
	}
}
