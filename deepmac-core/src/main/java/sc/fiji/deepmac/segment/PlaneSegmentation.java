package sc.fiji.deepmac.segment;

import java.util.List;

import sc.fiji.deepmac.mask.LabelPlane;
import sc.fiji.deepmac.mask.PlaneLabeler;

/**
 * What segmenting one plane gave ({@link DeepMacSegmenter#segmentPlanes}), before the planes of an image are put
 * together ({@link DeepMacSegmenter#assemble}): the plane's labels and what each box that acts on it became.
 *
 * @param found what each box of the plane became, in the order they were painted; labels are the boxes' 1-based
 *          places in the image's box list, their ROIs not yet named, marked or positioned
 * @param brightTail whether a small bright part set the plane's 8-bit range (see {@code PlaneConverter#brightTail})
 * @param timings where the plane's time went
 */
public record PlaneSegmentation(Plane plane, LabelPlane labels, List<PlaneLabeler.Instance> found, boolean brightTail,
	SegmentationResult.Timings timings)
{}
