package sc.fiji.deepmac.imglib2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.view.Views;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationOptions;
import sc.fiji.deepmac.segment.SegmentationResult;
import sc.fiji.deepmac.testing.RedChannelModel;
import sc.fiji.deepmac.testing.TestImages;

/** The ImgLib2 entry gives what the ImageJ 1.x path gives for the same pixels and boxes, pixel for pixel. */
class ImgLib2SegmenterTest {

	static final int W = 64, H = 48;
	static final RedChannelModel MODEL = new RedChannelModel(16, 64);
	static final SegmentationOptions OPTIONS = SegmentationOptions.defaults();

	/** Disks whose brightness depends on the plane, at the given bit depth (16- and 32-bit far from 0..255). */
	static ImageProcessor plane(int bitDepth, int index) {
		ImageProcessor ip = TestImages.disks(W, H, 16, 20, 10 + index % 3, 44, 26, 12);
		ip.multiply(0.6 + 0.1 * index);
		ip.add(10 * index);
		return switch (bitDepth) {
			case 8 -> ip;
			case 16 -> scaled(ip.convertToShort(false), 37, 500);
			default -> scaled(ip.convertToFloat(), 0.013, -2.5);
		};
	}

	private static ImageProcessor scaled(ImageProcessor ip, double factor, double offset) {
		ip.multiply(factor);
		ip.add(offset);
		return ip;
	}

	static ImagePlus image(int bitDepth, int slices, int frames) {
		ImageStack stack = new ImageStack(W, H);
		for (int i = 0; i < slices * frames; i++) stack.addSlice(plane(bitDepth, i));
		ImagePlus imp = new ImagePlus("image", stack);
		imp.setDimensions(1, slices, frames);
		if (slices * frames > 1) imp.setOpenAsHyperStack(true);
		return imp;
	}

	static List<Box> boxes(int slice, int frame) {
		return List.of(Box.of("left", 4, 8, 24, 24), new Box("right", 30, 12, 28, 28, 0, slice, frame));
	}

	/** A copy of {@code imp}'s pixels in a {@code double} ArrayImg: the copying path. */
	static ArrayImg<DoubleType, ?> doubles(ImagePlus imp) {
		Img<? extends RealType<?>> wrapped = ImgLib2Images.wrap(imp);
		ArrayImg<DoubleType, ?> copy = ArrayImgs.doubles(wrapped.dimensionsAsLongArray());
		Cursor<? extends RealType<?>> from = wrapped.cursor();
		Cursor<DoubleType> to = copy.cursor();
		while (to.hasNext()) to.next().set(from.next().getRealDouble());
		return copy;
	}

	/** The label image of the ImageJ 1.x path, and the same through the ImgLib2 entry. */
	static ImgLib2Result assertSameAsImagePlusPath(ImagePlus imp, RandomAccessibleInterval<? extends RealType<?>> img,
		String axes, List<Box> boxes)
	{
		SegmentationResult expected = new DeepMacSegmenter(MODEL, OPTIONS).segment(imp, boxes, ProgressListener.NONE);
		ImgLib2Result actual = new ImgLib2Segmenter(MODEL, OPTIONS).segment(img, AxisOrder.parse(axes), boxes,
			ProgressListener.NONE);
		assertLabelsEqual(expected.labels(), actual.labels(), actual.labelAxes());
		assertEquals(expected.instances().size(), actual.instances().size());
		for (int i = 0; i < expected.instances().size(); i++) {
			assertEquals(expected.instances().get(i).area(), actual.instances().get(i).area());
			assertEquals(expected.instances().get(i).slice(), actual.instances().get(i).slice());
			assertEquals(expected.instances().get(i).frame(), actual.instances().get(i).frame());
		}
		assertEquals(actual.instances().size(), actual.table().rows().size());
		return actual;
	}

	/** Every pixel of every plane of {@code expected} equals the Img's at the same (x, y, z, t). */
	static void assertLabelsEqual(ImagePlus expected, RandomAccessibleInterval<? extends RealType<?>> labels,
		AxisOrder axes)
	{
		assertEquals(expected.getWidth(), labels.dimension(0));
		assertEquals(expected.getHeight(), labels.dimension(1));
		int zd = axes.dimension('Z'), td = axes.dimension('T');
		assertEquals(expected.getNSlices(), zd < 0 ? 1 : labels.dimension(zd));
		assertEquals(expected.getNFrames(), td < 0 ? 1 : labels.dimension(td));
		RandomAccess<? extends RealType<?>> ra = labels.randomAccess();
		long[] pos = new long[labels.numDimensions()];
		long labelled = 0;
		for (int t = 1; t <= expected.getNFrames(); t++)
			for (int z = 1; z <= expected.getNSlices(); z++) {
				ImageProcessor plane = expected.getStack().getProcessor(expected.getStackIndex(1, z, t));
				if (zd >= 0) pos[zd] = z - 1;
				if (td >= 0) pos[td] = t - 1;
				for (int y = 0; y < plane.getHeight(); y++)
					for (int x = 0; x < plane.getWidth(); x++) {
						pos[0] = x;
						pos[1] = y;
						ra.setPosition(pos);
						assertEquals(plane.getf(x, y), ra.get().getRealFloat(), "z" + z + " t" + t + " (" + x + "," + y + ")");
						if (plane.getf(x, y) > 0) labelled++;
					}
			}
		assertTrue(labelled > 0, "some pixels are labelled");
	}

	static long count(RandomAccessibleInterval<? extends RealType<?>> plane, int label) {
		long n = 0;
		for (RealType<?> v : Views.iterable(plane)) if ((int) v.getRealDouble() == label) n++;
		return n;
	}

	@Test
	void sharedPlanesOf8And16And32BitImagesGiveTheImagePlusLabels() {
		for (int bits : new int[] { 8, 16, 32 }) {
			ImagePlus imp = image(bits, 1, 1);
			ImgLib2Result result = assertSameAsImagePlusPath(imp, ImgLib2Images.wrap(image(bits, 1, 1)), "XY", boxes(0, 0));
			assertInstanceOf(UnsignedShortType.class, result.labels().firstElement());
			assertEquals("XY", result.labelAxes().letters());
			assertTrue(count(result.labels(), 1) > 200 && count(result.labels(), 2) > 200, bits + "-bit");
		}
	}

	@Test
	void copiedPlanesOfOtherTypesGiveTheImagePlusLabels() {
		// 8-, 16- and 32-bit data in double ArrayImgs (segmented as 32-bit), and a one-plane unsigned-byte ArrayImg over its own array
		for (int bits : new int[] { 8, 16, 32 }) {
			ImagePlus imp = image(bits, 1, 1);
			ImagePlus asFloat = new ImagePlus("image", imp.getProcessor().convertToFloat());
			assertSameAsImagePlusPath(asFloat, doubles(imp), "XY", boxes(0, 0));
		}
		ImagePlus bytes = image(8, 1, 1);
		byte[] pixels = (byte[]) bytes.getProcessor().getPixels();
		var shared = ArrayImgs.unsignedBytes(pixels.clone(), W, H);
		assertSameAsImagePlusPath(bytes, shared, "XY", boxes(0, 0));
		ImagePlus asImagePlus = ImgLib2Segmenter.asImagePlus(shared, AxisOrder.parse("XY"), "shared");
		assertSame(shared.update(null).getCurrentStorageArray(), asImagePlus.getProcessor().getPixels(), "no copy");
	}

	@Test
	void aZStackWithABoxOnOneSlice() {
		for (int bits : new int[] { 8, 16, 32 }) {
			ImagePlus imp = image(bits, 3, 1);
			List<Box> boxes = boxes(2, 0);
			ImgLib2Result result = assertSameAsImagePlusPath(imp, ImgLib2Images.wrap(image(bits, 3, 1)), "XYZ", boxes);
			assertArrayEquals(new long[] { W, H, 3 }, result.labels().dimensionsAsLongArray());
			for (int z = 0; z < 3; z++) {
				var plane = Views.hyperSlice(result.labels(), 2, z);
				assertTrue(count(plane, 1) > 200, "box 1 on every slice, " + bits + "-bit z" + (z + 1));
				assertEquals(z == 1, count(plane, 2) > 200, "box 2 on slice 2 only, " + bits + "-bit z" + (z + 1));
			}
		}
		// the copying path for a stack: a 3D unsigned-byte ArrayImg is one array, not ImageJ planes
		ImagePlus imp = image(8, 3, 1);
		var img = ArrayImgs.unsignedBytes(W, H, 3);
		Cursor<? extends RealType<?>> from = ImgLib2Images.wrap(imp).cursor();
		for (var v : img) v.setReal(from.next().getRealDouble());
		assertSameAsImagePlusPath(imp, img, "XYZ", boxes(2, 0));
	}

	@Test
	void aTimeSeriesWithABoxOnOneFrame() {
		for (int bits : new int[] { 8, 16, 32 }) {
			ImagePlus imp = image(bits, 1, 4);
			ImgLib2Result result = assertSameAsImagePlusPath(imp, ImgLib2Images.wrap(image(bits, 1, 4)), "XYT",
				boxes(0, 3));
			assertEquals("XYT", result.labelAxes().letters());
			for (int t = 0; t < 4; t++)
				assertEquals(t == 2, count(Views.hyperSlice(result.labels(), 2, t), 2) > 200, "box 2 on frame 3 only");
			assertEquals(3, result.instances().stream().filter(i -> i.label() == 2).findFirst().orElseThrow().frame());
		}
	}

	@Test
	void axesInAnotherOrderAndAChannelAxis() {
		// Z and T swapped in the ImgLib2 image: the labels keep that order
		ImagePlus imp = image(16, 2, 3);
		var zt = ImgLib2Images.wrap(image(16, 2, 3));
		var tz = Views.permute(zt, 2, 3);
		ImgLib2Result result = assertSameAsImagePlusPath(imp, tz, "XYTZ", boxes(2, 3));
		assertEquals("XYTZ", result.labelAxes().letters());
		assertArrayEquals(new long[] { W, H, 3, 2 }, result.labels().dimensionsAsLongArray());

		// two channels, segmented on channel 2: the labels have no channel axis
		ImageStack stack = new ImageStack(W, H);
		for (int z = 0; z < 2; z++) {
			stack.addSlice(plane(8, 5));
			stack.addSlice(plane(8, z));
		}
		ImagePlus twoChannels = new ImagePlus("image", stack);
		twoChannels.setDimensions(2, 2, 1);
		var img = ImgLib2Images.wrap(twoChannels.duplicate());
		SegmentationOptions channel2 = new SegmentationOptions(0.5f, 2, OPTIONS.normalization(), OPTIONS.minBoxSize());
		SegmentationResult expected = new DeepMacSegmenter(MODEL, channel2).segment(twoChannels, boxes(0, 0),
			ProgressListener.NONE);
		ImgLib2Result actual = new ImgLib2Segmenter(MODEL, channel2).segment(img, AxisOrder.parse("XYCZ"), boxes(0, 0),
			ProgressListener.NONE);
		assertEquals("XYZ", actual.labelAxes().letters());
		assertLabelsEqual(expected.labels(), actual.labels(), actual.labelAxes());
	}

	@Test
	void axesThatDoNotFitTheImageAreAUserError() {
		var img = ArrayImgs.unsignedBytes(W, H, 3);
		UserError e = assertThrows(UserError.class, () -> new ImgLib2Segmenter(MODEL, OPTIONS).segment(img,
			AxisOrder.parse("XY"), boxes(0, 0), ProgressListener.NONE));
		assertTrue(e.getMessage().startsWith("Axes 'XY' name 2 dimensions, but the image has 3"), e.getMessage());
	}

	@Test
	void past65535LabelsTheLabelsAreUnsignedInts() {
		int side = 256;
		var img = ArrayImgs.unsignedBytes(side, side);
		for (var v : img) v.set(255);
		List<Box> boxes = new ArrayList<>();
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++) boxes.add(Box.of("b", x, y, 1, 1));
		ImgLib2Result result = new ImgLib2Segmenter(new RedChannelModel(2, side), OPTIONS.withMinBoxSize(1)).segment(img,
			AxisOrder.parse("XY"), boxes, ProgressListener.NONE);
		assertInstanceOf(UnsignedIntType.class, result.labels().firstElement());
		RandomAccess<? extends RealType<?>> ra = result.labels().randomAccess();
		ra.setPosition(new long[] { side - 1, side - 1 });
		assertEquals(65536, ra.get().getRealDouble());
		ra.setPosition(new long[] { 3, 0 });
		assertEquals(4, ra.get().getRealDouble());
	}
}
