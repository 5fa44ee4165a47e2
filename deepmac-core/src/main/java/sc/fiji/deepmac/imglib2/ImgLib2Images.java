package sc.fiji.deepmac.imglib2;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;

import sc.fiji.deepmac.UserError;

/**
 * ImageJ 1.x images as ImgLib2 images and back, without copying: a {@link PlanarImg} whose planes are the stack's own
 * pixel arrays, so that writing through one changes the other. 8-bit is {@link UnsignedByteType}, 16-bit
 * {@link UnsignedShortType}, 32-bit {@link FloatType}; RGB images are refused (ARGB is not a real type: split them
 * into channels first). Axes are X, Y, then C, Z and T where the image has more than one of them ({@link AxisOrder#of}).
 */
public final class ImgLib2Images {

	private ImgLib2Images() {}

	/** The axes that {@link #wrap} gives {@code image}. */
	public static AxisOrder axes(ImagePlus image) {
		return AxisOrder.of(image.getNChannels(), image.getNSlices(), image.getNFrames());
	}

	/**
	 * {@code image} as an ImgLib2 image over its own pixel arrays, with the axes of {@link #axes(ImagePlus)}.
	 *
	 * @throws UserError of kind INPUT for RGB images
	 */
	public static Img<? extends RealType<?>> wrap(ImagePlus image) {
		AxisOrder axes = axes(image);
		long[] dims = dimensions(axes, image.getWidth(), image.getHeight(), image.getNChannels(), image.getNSlices(),
			image.getNFrames());
		int[] order = stackOrder(axes, dims, image.getNChannels(), image.getNSlices());
		ImageStack stack = image.getStack();
		switch (image.getBitDepth()) {
			case 8 -> {
				PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(ImgLib2Images.<ByteArray>planes(stack, order, p -> new ByteArray(
					(byte[]) p)), dims, new Fraction());
				img.setLinkedType(new UnsignedByteType(img));
				return img;
			}
			case 16 -> {
				return unsignedShorts(ImgLib2Images.<ShortArray>planes(stack, order, p -> new ShortArray((short[]) p)), dims);
			}
			case 32 -> {
				PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(ImgLib2Images.<FloatArray>planes(stack, order, p -> new FloatArray(
					(float[]) p)), dims, new Fraction());
				img.setLinkedType(new FloatType(img));
				return img;
			}
			default -> throw new UserError(UserError.Kind.INPUT, "'" + image.getTitle() + "' is an RGB image, which "
				+ "ImgLib2 has as ARGB, not as numbers: split it into channels first (Image > Color > Make Composite)");
		}
	}

	/**
	 * A label image of the pipeline as an ImgLib2 image with {@code axes} (no C; Z and T may be there with one plane):
	 * 16-bit labels as {@link UnsignedShortType} over the label image's own arrays, 32-bit ones (past 65,535 labels)
	 * copied into {@link UnsignedIntType}.
	 */
	public static Img<? extends RealType<?>> labels(ImagePlus labels, AxisOrder axes) {
		if (axes.has('C')) throw new IllegalArgumentException("Label images have no channel axis: " + axes);
		if (labels.getNChannels() != 1) throw new IllegalArgumentException("A label image has one channel");
		long[] dims = dimensions(axes, labels.getWidth(), labels.getHeight(), 1, labels.getNSlices(), labels.getNFrames());
		int[] order = stackOrder(axes, dims, 1, labels.getNSlices());
		ImageStack stack = labels.getStack();
		if (labels.getBitDepth() == 16) return unsignedShorts(ImgLib2Images.<ShortArray>planes(stack, order, p -> new ShortArray((short[]) p)), dims);
		if (labels.getBitDepth() != 32) throw new IllegalArgumentException("Label images are 16- or 32-bit");
		PlanarImg<UnsignedIntType, IntArray> img = new PlanarImg<>(ImgLib2Images.<IntArray>planes(stack, order, p -> {
			float[] floats = (float[]) p;
			int[] ints = new int[floats.length];
			for (int i = 0; i < ints.length; i++) ints[i] = (int) floats[i];
			return new IntArray(ints);
		}), dims, new Fraction());
		img.setLinkedType(new UnsignedIntType(img));
		return img;
	}

	private static PlanarImg<UnsignedShortType, ShortArray> unsignedShorts(List<ShortArray> planes, long[] dims) {
		PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, dims, new Fraction());
		img.setLinkedType(new UnsignedShortType(img));
		return img;
	}

	private static <A> List<A> planes(ImageStack stack, int[] order, java.util.function.Function<Object, A> access) {
		List<A> planes = new ArrayList<>(order.length);
		for (int index : order) planes.add(access.apply(stack.getPixels(index + 1)));
		return planes;
	}

	/** The sizes of {@code axes}: X and Y, and the counts of C, Z and T. */
	static long[] dimensions(AxisOrder axes, int width, int height, int channels, int slices, int frames) {
		long[] dims = new long[axes.numDimensions()];
		for (int d = 0; d < dims.length; d++)
			dims[d] = switch (axes.letters().charAt(d)) {
				case 'X' -> width;
				case 'Y' -> height;
				case 'C' -> channels;
				case 'Z' -> slices;
				default -> frames;
			};
		long planes = 1;
		for (int d = 2; d < dims.length; d++) planes *= dims[d];
		if (planes != (long) channels * slices * frames) throw new IllegalArgumentException("Axes " + axes
			+ " leave out a dimension of " + channels + " x " + slices + " x " + frames + " planes");
		return dims;
	}

	/**
	 * For each plane of a planar image with {@code axes} and {@code dims} (the dimensions after X and Y, the first
	 * fastest), the 0-based index of the same plane in an ImageJ stack (channel fastest, then slice, then frame).
	 */
	static int[] stackOrder(AxisOrder axes, long[] dims, int channels, int slices) {
		long count = 1;
		for (int d = 2; d < dims.length; d++) count *= dims[d];
		if (count > Integer.MAX_VALUE) throw new UserError(UserError.Kind.INPUT, "An image of " + count
			+ " planes is too large for ImageJ");
		int[] order = new int[(int) count];
		int c = axes.dimension('C'), z = axes.dimension('Z'), t = axes.dimension('T');
		long[] position = new long[dims.length];
		for (int plane = 0; plane < order.length; plane++) {
			long rest = plane;
			for (int d = 2; d < dims.length; d++) {
				position[d] = rest % dims[d];
				rest /= dims[d];
			}
			order[plane] = (int) (at(position, c) + channels * (at(position, z) + (long) slices * at(position, t)));
		}
		return order;
	}

	private static long at(long[] position, int dimension) {
		return dimension < 0 ? 0 : position[dimension];
	}
}
