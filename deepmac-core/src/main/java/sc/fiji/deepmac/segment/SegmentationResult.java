package sc.fiji.deepmac.segment;

import java.util.List;

import ij.ImagePlus;

import sc.fiji.deepmac.model.ModelProvenance;

/**
 * What a segmentation returns.
 *
 * @param labels the label image: input's width, height, slices, frames and calibration; label k is box k
 * @param instances one per box and plane, in box order then plane order, empty masks included (area 0)
 * @param warnings problems with the input that did not stop the run
 * @param timings where the time went
 * @param model the model that made it
 */
public record SegmentationResult(ImagePlus labels, List<Instance> instances, List<String> warnings, Timings timings,
	ModelProvenance model)
{

	/** Nanoseconds spent converting images, in the model, and in post-processing, and the number of model calls. */
	public record Timings(long preprocessNanos, long modelNanos, long postprocessNanos, int modelCalls)
		implements java.io.Serializable
	{}
}
