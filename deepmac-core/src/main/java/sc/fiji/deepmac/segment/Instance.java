package sc.fiji.deepmac.segment;

import ij.gui.Roi;

import sc.fiji.deepmac.box.Box;

/**
 * One box's mask in one plane: the box's own mask (probability above the threshold inside the box), whatever other
 * boxes took of it in the label image.
 *
 * @param label the box's label: its 1-based place in the input order
 * @param slice 1-based z of the plane
 * @param frame 1-based t of the plane
 * @param area pixels of the box's own mask
 * @param calibratedArea the area in the image's calibrated units squared
 * @param meanProbability mean model probability over those pixels
 * @param roi the own mask's traced outline, named after the box and placed at the plane; null when the mask is empty
 * @param inLabels pixels that carry this label in the label image: {@code area}, or fewer where overlapping masks
 *          took pixels (see {@link SegmentationOptions#overlap()})
 */
public record Instance(int label, Box box, int slice, int frame, long area, double calibratedArea,
	double meanProbability, Roi roi, long inLabels)
{
	/** Notes of the instance table: no pixel above the threshold; no pixel left in the label image; under half. */
	public static final String EMPTY = "empty", HIDDEN = "hidden", MOSTLY_HIDDEN = "mostly hidden";

	/** An instance that kept its whole mask in the label image. */
	public Instance(int label, Box box, int slice, int frame, long area, double calibratedArea, double meanProbability,
		Roi roi)
	{
		this(label, box, slice, frame, area, calibratedArea, meanProbability, roi, area);
	}

	/**
	 * {@value #EMPTY} (no pixel above the threshold), {@value #HIDDEN} (a mask, but no pixel of it in the label image),
	 * {@value #MOSTLY_HIDDEN} (fewer than half its pixels in the label image), else empty text.
	 */
	public String note() {
		if (area == 0) return EMPTY;
		if (inLabels == 0) return HIDDEN;
		return 2 * inLabels < area ? MOSTLY_HIDDEN : "";
	}
}
