package sc.fiji.deepmac.segment;

import java.util.Objects;

import sc.fiji.deepmac.image.PercentileNormalization;
import sc.fiji.deepmac.mask.EdgeSnap;
import sc.fiji.deepmac.mask.Overlap;

/**
 * How images become masks.
 *
 * @param threshold probability above which a pixel belongs to a mask (the official post-processing uses 0.5)
 * @param channel the 1-based channel that multichannel images are segmented on, or 0 for their RGB composite
 * @param normalization percentiles that map images of more than 8 bits to the model's 8 bits
 * @param minBoxSize smallest long side, in model-input pixels, at which a box is segmented in the whole plane
 *          rather than in a context crop (see {@link ContextCropPlanner})
 * @param overlap which box the label image gives a pixel that several masks claim; each box's own mask, ROI and
 *          table row do not depend on it
 * @param snapEdges whether masks are snapped to the image's edges ({@link EdgeSnap}; by default as the model says)
 */
public record SegmentationOptions(float threshold, int channel, PercentileNormalization normalization, double minBoxSize,
	Overlap overlap, EdgeSnap snapEdges) implements java.io.Serializable
{

	public static final float DEFAULT_THRESHOLD = 0.5f;
	public static final double DEFAULT_MIN_BOX_SIZE = 64;

	public SegmentationOptions {
		if (!(threshold >= 0 && threshold < 1)) throw new IllegalArgumentException(
			"Threshold must be at least 0 and below 1, got " + threshold);
		if (channel < 0) throw new IllegalArgumentException("Channel must be 0 (composite) or a channel number, got " + channel);
		if (!(minBoxSize > 0)) throw new IllegalArgumentException("Minimum box size must be positive, got " + minBoxSize);
		Objects.requireNonNull(overlap, "overlap");
		Objects.requireNonNull(snapEdges, "snapEdges");
	}

	/**
	 * Options whose label image resolves overlaps by probability, as the official post-processing does, and whose
	 * edges are snapped as the model says.
	 */
	public SegmentationOptions(float threshold, int channel, PercentileNormalization normalization, double minBoxSize) {
		this(threshold, channel, normalization, minBoxSize, Overlap.PROBABILITY, EdgeSnap.AUTO);
	}

	public static SegmentationOptions defaults() {
		return new SegmentationOptions(DEFAULT_THRESHOLD, 0, PercentileNormalization.DEFAULT, DEFAULT_MIN_BOX_SIZE);
	}

	public SegmentationOptions withThreshold(float t) {
		return new SegmentationOptions(t, channel, normalization, minBoxSize, overlap, snapEdges);
	}

	public SegmentationOptions withMinBoxSize(double size) {
		return new SegmentationOptions(threshold, channel, normalization, size, overlap, snapEdges);
	}

	public SegmentationOptions withOverlap(Overlap rule) {
		return new SegmentationOptions(threshold, channel, normalization, minBoxSize, rule, snapEdges);
	}

	public SegmentationOptions withSnapEdges(EdgeSnap snap) {
		return new SegmentationOptions(threshold, channel, normalization, minBoxSize, overlap, snap);
	}
}
