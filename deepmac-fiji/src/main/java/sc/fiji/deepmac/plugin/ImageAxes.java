package sc.fiji.deepmac.plugin;

import java.lang.reflect.Method;
import java.util.Map;

import net.imglib2.EuclideanSpace;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.imglib2.AxisOrder;

/**
 * The axis order of a command's ImgLib2 input: given by the user, else read from imagej-common's axis metadata (a
 * Dataset or ImgPlus: {@code axis(d).type().getLabel()} is X, Y, Channel, Z or Time) through reflection, since
 * imagej-common is in Fiji but not on Maven Central, else XY for a 2D image.
 */
final class ImageAxes {

	private static final Map<String, Character> LETTERS = Map.of("X", 'X', "Y", 'Y', "Channel", 'C', "Z", 'Z', "Time",
		'T');

	private ImageAxes() {}

	/** The axes of {@code image}: {@code given} if not blank, else its metadata's, else XY for 2D. */
	static AxisOrder of(EuclideanSpace image, String given) {
		if (given != null && !given.isBlank()) return AxisOrder.parse(given);
		String fromMetadata = fromMetadata(image);
		if (fromMetadata != null) return AxisOrder.parse(fromMetadata);
		if (image.numDimensions() == 2) return AxisOrder.parse("XY");
		throw new UserError(UserError.Kind.INPUT, "The image has " + image.numDimensions() + " dimensions and no axis "
			+ "names: give its axes, such as axes=XYZ (a Z stack), XYT (a time series) or XYC (channels)");
	}

	/** The letters of an ImageJ2 image's axes, or null if it has no axis metadata. */
	static String fromMetadata(Object image) {
		Method axis;
		try {
			axis = image.getClass().getMethod("axis", int.class);
		}
		catch (NoSuchMethodException e) {
			return null;
		}
		StringBuilder letters = new StringBuilder();
		int n = ((EuclideanSpace) image).numDimensions();
		for (int d = 0; d < n; d++) {
			String label = label(axis, image, d);
			Character letter = LETTERS.get(label);
			if (letter == null) throw new UserError(UserError.Kind.INPUT, "Axis " + (d + 1) + " of the image is '" + label
				+ "', which Deep-MAC does not take: give the axes, such as axes=XYZ, naming it C, Z or T");
			letters.append(letter);
		}
		return letters.toString();
	}

	private static String label(Method axis, Object image, int d) {
		try {
			Object calibratedAxis = axis.invoke(image, d);
			Object type = calibratedAxis.getClass().getMethod("type").invoke(calibratedAxis);
			return String.valueOf(type.getClass().getMethod("getLabel").invoke(type));
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			throw new IllegalStateException("Cannot read axis " + d + " of " + image.getClass().getName(), e);
		}
	}
}
