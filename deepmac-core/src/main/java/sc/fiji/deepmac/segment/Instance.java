package sc.fiji.deepmac.segment;

import ij.gui.Roi;

import sc.fiji.deepmac.box.Box;

/**
 * One box's mask in one plane.
 *
 * @param label the box's label: its 1-based place in the input order
 * @param slice 1-based z of the plane
 * @param frame 1-based t of the plane
 * @param area pixels in the label image that carry this label
 * @param calibratedArea the area in the image's calibrated units squared
 * @param meanProbability mean model probability over those pixels
 * @param roi the traced outline, named after the box and placed at the plane; null when the mask is empty
 */
public record Instance(int label, Box box, int slice, int frame, long area, double calibratedArea,
	double meanProbability, Roi roi)
{}
