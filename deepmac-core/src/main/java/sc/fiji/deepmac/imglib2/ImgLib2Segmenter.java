package sc.fiji.deepmac.imglib2;

import java.util.List;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.StackShape;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationOptions;

/**
 * The pipeline's ImgLib2 entry: an image of any real type with X, Y and optional C, Z and T axes, and boxes, in; the
 * label image as an ImgLib2 image and the instances out. The image is seen as an ImageJ 1.x image whose planes are the
 * X-Y planes of the input (shared where the input is a planar or one-plane array image of unsigned bytes, unsigned
 * shorts or floats, else copied once, plane by plane) and segmented by {@link DeepMacSegmenter}; a box's slice is its
 * Z position and its frame its T position, both 1-based.
 */
public final class ImgLib2Segmenter {

	private final DeepMacSegmenter segmenter;

	public ImgLib2Segmenter(MaskModel model, SegmentationOptions options) {
		this.segmenter = new DeepMacSegmenter(model, options);
	}

	/**
	 * Segments {@code image}, whose axes are {@code axes}.
	 *
	 * @throws UserError of kind INPUT if the axes do not fit the image, or for bad boxes
	 */
	public ImgLib2Result segment(RandomAccessibleInterval<? extends RealType<?>> image, AxisOrder axes, List<Box> boxes,
		ProgressListener progress)
	{
		ImagePlus imp = asImagePlus(image, axes, "image");
		AxisOrder labelAxes = axes.without('C');
		var result = segmenter.segment(imp, boxes, progress);
		return new ImgLib2Result(ImgLib2Images.labels(result.labels(), labelAxes), labelAxes, result);
	}

	/** The channels, slices and frames of {@code image}: what box files need to place their boxes. */
	public static StackShape shape(RandomAccessibleInterval<?> image, AxisOrder axes) {
		axes.checkFits(image.numDimensions());
		return new StackShape(count(image, axes, 'C'), count(image, axes, 'Z'), count(image, axes, 'T'));
	}

	/**
	 * {@code image} as an ImageJ 1.x image titled {@code title}, sharing its planes where their arrays are the ones
	 * ImageJ uses (unsigned bytes, unsigned shorts, floats), else a copy: unsigned bytes and shorts as 8- and 16-bit,
	 * every other type as 32-bit. Several channels make a composite image with ImageJ's default channel colours.
	 */
	public static ImagePlus asImagePlus(RandomAccessibleInterval<? extends RealType<?>> image, AxisOrder axes,
		String title)
	{
		StackShape shape = shape(image, axes);
		long width = image.dimension(0), height = image.dimension(1);
		if (width * height > Integer.MAX_VALUE) throw new UserError(UserError.Kind.INPUT, "A " + width + " x " + height
			+ " plane is too large for ImageJ");
		long[] dims = image.dimensionsAsLongArray();
		int[] order = ImgLib2Images.stackOrder(axes, dims, shape.channels(), shape.slices());
		Object[] pixels = new Object[order.length];
		for (int plane = 0; plane < order.length; plane++)
			pixels[order[plane]] = plane(image, dims, plane);
		ImageStack stack = new ImageStack((int) width, (int) height);
		for (Object p : pixels) stack.addSlice(null, p);
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(shape.channels(), shape.slices(), shape.frames());
		if (shape.size() > 1) imp.setOpenAsHyperStack(true);
		return shape.channels() > 1 ? new CompositeImage(imp, IJ.COMPOSITE) : imp;
	}

	private static int count(RandomAccessibleInterval<?> image, AxisOrder axes, char letter) {
		int d = axes.dimension(letter);
		if (d < 0) return 1;
		long n = image.dimension(d);
		if (n > Integer.MAX_VALUE) throw new UserError(UserError.Kind.INPUT, "Axis " + letter + " of " + n
			+ " planes is too long for ImageJ");
		return (int) n;
	}

	/** The pixels of planar plane {@code plane} (dimensions 2.. in flat order) as an ImageJ pixel array. */
	private static Object plane(RandomAccessibleInterval<? extends RealType<?>> image, long[] dims, int plane) {
		Object shared = shared(image, plane, (int) (dims[0] * dims[1]));
		if (shared != null) return shared;
		RandomAccessibleInterval<? extends RealType<?>> slice = Views.zeroMin(image);
		long rest = plane;
		long[] position = new long[dims.length];
		for (int d = 2; d < dims.length; d++) {
			position[d] = rest % dims[d];
			rest /= dims[d];
		}
		for (int d = dims.length - 1; d >= 2; d--)
			slice = Views.hyperSlice(slice, d, position[d]);
		return copy(slice, (int) (dims[0] * dims[1]));
	}

	/** The plane's own array where ImageJ can use it as it is, or null. */
	private static Object shared(RandomAccessibleInterval<? extends RealType<?>> image, int plane, int pixelCount) {
		Class<?> type = image.getType().getClass();
		if (type != UnsignedByteType.class && type != UnsignedShortType.class && type != FloatType.class) return null;
		Object access = null;
		if (image instanceof PlanarImg<?, ?> planar) access = planar.getPlane(plane);
		else if (image instanceof ArrayImg<?, ?> array && Intervals.numElements(array) == pixelCount) access = array
			.update(null);
		if (!(access instanceof ArrayDataAccess<?> data)) return null;
		Object pixels = data.getCurrentStorageArray();
		boolean fits = type == UnsignedByteType.class ? pixels instanceof byte[] b && b.length == pixelCount
			: type == UnsignedShortType.class ? pixels instanceof short[] s && s.length == pixelCount
				: pixels instanceof float[] f && f.length == pixelCount;
		return fits ? pixels : null;
	}

	/** A copy of a 2D plane, in X-fastest order, as the narrowest ImageJ pixel array that holds its type. */
	private static Object copy(RandomAccessibleInterval<? extends RealType<?>> plane, int pixelCount) {
		Class<?> type = plane.getType().getClass();
		Cursor<? extends RealType<?>> cursor = Views.flatIterable(plane).cursor();
		if (type == UnsignedByteType.class) {
			byte[] out = new byte[pixelCount];
			for (int i = 0; i < pixelCount; i++) out[i] = (byte) cursor.next().getRealDouble();
			return out;
		}
		if (type == UnsignedShortType.class) {
			short[] out = new short[pixelCount];
			for (int i = 0; i < pixelCount; i++) out[i] = (short) cursor.next().getRealDouble();
			return out;
		}
		float[] out = new float[pixelCount];
		for (int i = 0; i < pixelCount; i++) out[i] = cursor.next().getRealFloat();
		return out;
	}
}
