package sc.fiji.deepmac.box;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

import ij.gui.Roi;

/** Turns ImageJ area ROIs into box prompts: their bounding boxes, names and stack positions. */
public final class RoiBoxes {

	private RoiBoxes() {}

	/**
	 * One box per ROI, in the same order. An area ROI that is not a plain rectangle gives its bounding box and a
	 * warning; line and point ROIs are refused.
	 */
	public static List<Box> fromRois(Roi[] rois, StackShape shape, List<String> warnings) {
		List<Box> boxes = new ArrayList<>(rois.length);
		for (int i = 0; i < rois.length; i++)
			boxes.add(box(rois[i], nameOf(rois[i], i + 1), shape, warnings));
		return boxes;
	}

	private static String nameOf(Roi roi, int number) {
		String name = roi.getName();
		return name == null || name.isEmpty() ? "roi-" + number : name;
	}

	private static Box box(Roi roi, String name, StackShape shape, List<String> warnings) {
		if (!roi.isArea()) throw new BoxInputException("ROI '" + name + "' is a " + (roi.getType() == Roi.POINT ? "point" : "line")
			+ ", not an area: draw a rectangle around the object instead");
		if (roi.getType() != Roi.RECTANGLE || roi.getCornerDiameter() > 0)
			warnings.add("ROI '" + name + "' is not a rectangle: its bounding box is used");
		Rectangle2D.Double bounds = roi.getFloatBounds();
		int[] position = position(roi, name, shape);
		return new Box(name, bounds.x, bounds.y, bounds.width, bounds.height, position[0], position[1], position[2]);
	}

	/** {@code {channel, slice, frame}}, 0 meaning every; a plain stack position is split by the image's shape. */
	private static int[] position(Roi roi, String name, StackShape shape) {
		if (roi.hasHyperStackPosition()) return new int[] { roi.getCPosition(), roi.getZPosition(), roi.getTPosition() };
		int stackIndex = roi.getPosition();
		if (stackIndex <= 0) return new int[3];
		if (stackIndex > shape.size()) throw new BoxInputException("ROI '" + name + "' is on stack position " + stackIndex
			+ " but the image has " + shape.size() + " plane(s): check that the ROIs belong to this image");
		return shape.position(stackIndex);
	}
}
