package sc.fiji.deepmac.box;

import java.util.ArrayList;
import java.util.List;

/** Checks box prompts against the image they are meant for, and clips those that reach past its edges. */
public final class BoxChecks {

	private BoxChecks() {}

	/**
	 * The boxes in the same order, those partly outside the {@code width} x {@code height} image clipped to it
	 * (with a warning each). Boxes without area, wholly outside the image or on a slice or frame it lacks are refused.
	 */
	public static List<Box> fitToImage(List<Box> boxes, int width, int height, StackShape shape, List<String> warnings) {
		List<Box> fitted = new ArrayList<>(boxes.size());
		for (Box box : boxes)
			fitted.add(fit(box, width, height, shape, warnings));
		return fitted;
	}

	private static Box fit(Box box, int width, int height, StackShape shape, List<String> warnings) {
		// Written so that NaN sizes fail too
		if (!(box.width() > 0 && box.height() > 0)) throw new BoxInputException("Box '" + box.name() + "' has no area ("
			+ bounds(box) + "): give it a width and height above 0");
		if (box.slice() < 0 || box.slice() > shape.slices() || box.frame() < 0 || box.frame() > shape.frames())
			throw new BoxInputException("Box '" + box.name() + "' is on " + plane(box) + " but the image has " + shape.slices()
				+ " slice(s) and " + shape.frames() + " frame(s): check that the boxes belong to this image");
		double right = box.x() + box.width();
		double bottom = box.y() + box.height();
		if (box.x() >= 0 && box.y() >= 0 && right <= width && bottom <= height) return box;
		double left = Math.max(box.x(), 0);
		double top = Math.max(box.y(), 0);
		right = Math.min(right, width);
		bottom = Math.min(bottom, height);
		String image = width + " x " + height + " image";
		if (!(left < right && top < bottom)) throw new BoxInputException("Box '" + box.name() + "' (" + bounds(box)
			+ ") lies wholly outside the " + image + ": check that the boxes belong to this image");
		Box clipped = box.withBounds(left, top, right - left, bottom - top);
		warnings.add("Box '" + box.name() + "' reaches outside the " + image + ": clipped to " + bounds(clipped));
		return clipped;
	}

	private static String bounds(Box box) {
		return "x " + format(box.x()) + ", y " + format(box.y()) + ", " + format(box.width()) + " x " + format(box.height());
	}

	private static String plane(Box box) {
		return (box.slice() == 0 ? "every slice" : "slice " + box.slice()) + ", "
			+ (box.frame() == 0 ? "every frame" : "frame " + box.frame());
	}

	/** Whole pixel values without a trailing ".0", as users typed them. */
	private static String format(double value) {
		return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
	}
}
