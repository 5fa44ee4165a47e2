package sc.fiji.deepmac.mask;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import ij.gui.Roi;
import ij.process.ByteProcessor;

/**
 * Turns the reframed masks of one image plane into labels and instances.
 * <p>
 * Each box's own mask is its probability above the threshold inside its box: its area, mean probability and outline
 * (the ROI) come from that mask alone, whatever other boxes do. The label image holds one label per pixel: where
 * masks overlap, the {@link Overlap} rule decides (by default the box with the higher probability, ties to the lower
 * label, as the official post-processing does). The rule is a fixed order of the boxes at each pixel, so the result
 * does not depend on the order in which boxes are painted. Own areas, probability sums and the pixels each label keeps
 * in the label image are counted while painting, so measuring needs no second pass over the masks.
 */
public final class PlaneLabeler {

	/** Box area, in pixels, from which painting is split over threads. */
	private static final long PARALLEL_AREA = 1 << 16;

	private final LabelPlane plane;
	private final float threshold;
	private final Overlap overlap;
	private final List<Painted> painted = new ArrayList<>();
	private Painted[] byLabel = new Painted[16];

	/** A label's mask: box {@code index} of {@code reframer}, over {@code region} (x0, y0, x1, y1; null: none). */
	private static final class Painted {
		final int label, index, slot;
		final BoxProbabilities reframer;
		final int[] region;
		/** Higher takes a pixel that both claim (see {@link Overlap#priority}); equal: by probability. */
		final long priority;
		long area, inLabels;
		double probabilitySum;

		Painted(int label, BoxProbabilities reframer, int index, int[] region, int slot, Overlap overlap) {
			this.label = label;
			this.reframer = reframer;
			this.index = index;
			this.region = region;
			this.slot = slot;
			this.priority = region == null ? 0 : overlap.priority((long) (region[2] - region[0]) * (region[3] - region[1]));
		}
	}

	/**
	 * What one box became in this plane.
	 *
	 * @param area pixels of its own mask (probability above the threshold)
	 * @param meanProbability mean probability over its own mask
	 * @param inLabels pixels that carry its label in the label image: at most {@code area}, fewer where other masks
	 *          took overlapping pixels
	 * @param roi its own mask's outline (holes and pieces kept), null when the mask is empty
	 */
	public record Instance(int label, long area, double meanProbability, long inLabels, Roi roi) {}

	/** A labeler whose label image resolves overlaps by probability. */
	public PlaneLabeler(int width, int height, int maxLabel, float threshold) {
		this(width, height, maxLabel, threshold, Overlap.PROBABILITY);
	}

	public PlaneLabeler(int width, int height, int maxLabel, float threshold, Overlap overlap) {
		this.plane = new LabelPlane(width, height, maxLabel);
		this.threshold = threshold;
		this.overlap = java.util.Objects.requireNonNull(overlap, "overlap");
	}

	/**
	 * Paints every box of {@code reframer}, box k with label {@code labels[k]}. Large batches are painted in
	 * horizontal bands, one thread each: a band's pixels are written by its thread alone, each band counts areas
	 * and sums on its own, and the overlap rule does not depend on order, so the result is the same as painting
	 * one box after another.
	 */
	public void paint(BoxProbabilities reframer, int[] labels) {
		List<Painted> batch = new ArrayList<>();
		long area = 0;
		for (int k = 0; k < reframer.count(); k++) {
			int[] region = reframer.region(k);
			Painted p = new Painted(labels[k], reframer, k, region, painted.size(), overlap);
			remember(p);
			if (region == null) continue; // covers no pixel: an empty mask
			batch.add(p);
			area += (long) (region[2] - region[0]) * (region[3] - region[1]);
		}
		int height = plane.height();
		int bands = area < PARALLEL_AREA ? 1 : Math.min(height, Runtime.getRuntime().availableProcessors());
		List<Tally> tallies = IntStream.range(0, bands).parallel()
			.mapToObj(b -> paintBand(batch, (int) ((long) b * height / bands), (int) ((long) (b + 1) * height / bands)))
			.toList();
		for (Tally tally : tallies)
			for (int slot = 0; slot < tally.areas.length; slot++) {
				Painted p = painted.get(slot);
				p.area += tally.areas[slot];
				p.probabilitySum += tally.sums[slot];
				p.inLabels += tally.inLabels[slot];
			}
	}

	/**
	 * What one band added, by slot in {@code painted}: own mask pixels and probability sums, and changes of the
	 * pixels kept in the label image.
	 */
	private record Tally(long[] areas, double[] sums, long[] inLabels) {}

	/** Paints the rows {@code [top, bottom)} of every box of the batch. */
	private Tally paintBand(List<Painted> batch, int top, int bottom) {
		int n = painted.size();
		Tally tally = new Tally(new long[n], new double[n], new long[n]);
		float[] buffer = new float[0];
		int width = plane.width();
		for (Painted p : batch) {
			int[] part = { p.region[0], Math.max(top, p.region[1]), p.region[2], Math.min(bottom, p.region[3]) };
			if (part[1] >= part[3]) continue;
			int w = part[2] - part[0], h = part[3] - part[1];
			if (buffer.length < w * h) buffer = new float[w * h];
			p.reframer.reframe(p.index, part, buffer);
			long own = 0, gained = 0;
			double ownSum = 0;
			for (int y = part[1]; y < part[3]; y++) {
				int row = (y - part[1]) * w - part[0];
				for (int x = part[0]; x < part[2]; x++) {
					float probability = buffer[row + x];
					if (!(probability > threshold)) continue;
					own++;
					ownSum += probability;
					int i = y * width + x;
					int owner = plane.get(i);
					if (owner != 0) {
						Painted other = byLabel[owner];
						if (p.priority != other.priority) {
							if (p.priority < other.priority) continue;
						}
						else {
							float q = other.reframer.probability(other.index, x, y);
							if (!(probability > q || (probability == q && p.label < owner))) continue;
						}
						tally.inLabels[other.slot]--;
					}
					plane.set(i, p.label);
					gained++;
				}
			}
			tally.areas[p.slot] += own;
			tally.sums[p.slot] += ownSum;
			tally.inLabels[p.slot] += gained;
		}
		return tally;
	}

	private void remember(Painted p) {
		if (p.label >= byLabel.length) byLabel = java.util.Arrays.copyOf(byLabel, Math.max(p.label + 1, 2 * byLabel.length));
		if (byLabel[p.label] != null) throw new IllegalArgumentException("Label " + p.label + " painted twice in one plane");
		byLabel[p.label] = p;
		painted.add(p);
	}

	public LabelPlane plane() {
		return plane;
	}

	/**
	 * Every painted box's own mask, in painting order: area, mean probability, the pixels it kept in the label
	 * image and its outline. An empty mask has area 0 and no ROI. Masks are traced in parallel: each reads the
	 * finished plane or its own probabilities only.
	 */
	public List<Instance> instances() {
		return painted.parallelStream().map(p -> new Instance(p.label, p.area, p.area == 0 ? 0 : p.probabilitySum / p.area,
			p.inLabels, p.area == 0 ? null : outline(p))).toList();
	}

	/**
	 * The outline of a box's own mask, traced in its region. A mask that kept every pixel in the label image is
	 * read from the plane; one that lost pixels to overlapping masks is thresholded again from its probabilities.
	 */
	private Roi outline(Painted p) {
		int[] r = p.region;
		int w = r[2] - r[0], h = r[3] - r[1], width = plane.width();
		byte[] bits = new byte[w * h];
		if (p.inLabels == p.area) {
			// the label's pixels are a subset of the mask's: as many of them means the same pixels
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					if (plane.get((r[1] + y) * width + r[0] + x) == p.label) bits[y * w + x] = (byte) 255;
		}
		else {
			float[] probabilities = new float[w * h];
			p.reframer.reframe(p.index, r, probabilities);
			for (int i = 0; i < bits.length; i++)
				if (probabilities[i] > threshold) bits[i] = (byte) 255;
		}
		Roi roi = MaskOutline.trace(new ByteProcessor(w, h, bits), p.area);
		java.awt.geom.Rectangle2D.Double b = roi.getFloatBounds();
		roi.setLocation(b.x + r[0], b.y + r[1]);
		return roi;
	}
}
