package sc.fiji.deepmac.segment;

import java.util.List;

import ij.ImagePlus;

import sc.fiji.deepmac.box.Box;

/** Turns an image and box prompts into instance masks. Neither the image nor the boxes are modified. */
public interface Segmenter {

	/**
	 * @throws sc.fiji.deepmac.box.BoxInputException for boxes that cannot be used (wholly outside, zero area)
	 * @throws java.util.concurrent.CancellationException when the listener cancels
	 */
	SegmentationResult segment(ImagePlus image, List<Box> boxes, ProgressListener progress);
}
