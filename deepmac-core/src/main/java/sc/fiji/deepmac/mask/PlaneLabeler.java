package sc.fiji.deepmac.mask;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.Wand;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * Turns the reframed masks of one image plane into labels: a pixel belongs to a box when its probability is
 * above the threshold, and where masks overlap to the box with the higher probability (ties to the lower label),
 * so the result does not depend on the order in which boxes are painted. Each label's area and probability sum
 * are kept up to date while painting, so measuring needs no second pass over the masks.
 */
public final class PlaneLabeler {

	/** Box area, in pixels, from which painting is split over threads. */
	private static final long PARALLEL_AREA = 1 << 16;

	private final LabelPlane plane;
	private final float threshold;
	private final List<Painted> painted = new ArrayList<>();
	private Painted[] byLabel = new Painted[16];

	/** A label's mask: box {@code index} of {@code reframer}, over {@code region} (x0, y0, x1, y1). */
	private static final class Painted {
		final int label, index, slot;
		final MaskReframer reframer;
		final int[] region;
		long area;
		double probabilitySum;

		Painted(int label, MaskReframer reframer, int index, int[] region, int slot) {
			this.label = label;
			this.reframer = reframer;
			this.index = index;
			this.region = region;
			this.slot = slot;
		}
	}

	/** What one label became in this plane. */
	public record Instance(int label, long area, double meanProbability, Roi roi) {}

	public PlaneLabeler(int width, int height, int maxLabel, float threshold) {
		this.plane = new LabelPlane(width, height, maxLabel);
		this.threshold = threshold;
	}

	/**
	 * Paints every box of {@code reframer}, box k with label {@code labels[k]}. Large batches are painted in
	 * horizontal bands, one thread each: a band's pixels are written by its thread alone, each band counts areas
	 * and sums on its own, and the overlap rule does not depend on order, so the result is the same as painting
	 * one box after another.
	 */
	public void paint(MaskReframer reframer, int[] labels) {
		List<Painted> batch = new ArrayList<>();
		long area = 0;
		for (int k = 0; k < reframer.count(); k++) {
			int[] region = reframer.region(k);
			if (region == null) continue;
			Painted p = new Painted(labels[k], reframer, k, region, painted.size());
			remember(p);
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
				painted.get(slot).area += tally.areas[slot];
				painted.get(slot).probabilitySum += tally.sums[slot];
			}
	}

	/** Changes of each label's area and probability sum made by one band, by slot in {@code painted}. */
	private record Tally(long[] areas, double[] sums) {}

	/** Paints the rows {@code [top, bottom)} of every box of the batch. */
	private Tally paintBand(List<Painted> batch, int top, int bottom) {
		Tally tally = new Tally(new long[painted.size()], new double[painted.size()]);
		float[] buffer = new float[0];
		int width = plane.width();
		for (Painted p : batch) {
			int[] part = { p.region[0], Math.max(top, p.region[1]), p.region[2], Math.min(bottom, p.region[3]) };
			if (part[1] >= part[3]) continue;
			int w = part[2] - part[0], h = part[3] - part[1];
			if (buffer.length < w * h) buffer = new float[w * h];
			p.reframer.reframe(p.index, part, buffer);
			long gained = 0;
			double gainedSum = 0;
			for (int y = part[1]; y < part[3]; y++) {
				int row = (y - part[1]) * w - part[0];
				for (int x = part[0]; x < part[2]; x++) {
					float probability = buffer[row + x];
					if (!(probability > threshold)) continue;
					int i = y * width + x;
					int owner = plane.get(i);
					if (owner != 0) {
						Painted other = byLabel[owner];
						float q = other.reframer.probability(other.index, x, y);
						if (!(probability > q || (probability == q && p.label < owner))) continue;
						tally.areas[other.slot]--;
						tally.sums[other.slot] -= q;
					}
					plane.set(i, p.label);
					gained++;
					gainedSum += probability;
				}
			}
			tally.areas[p.slot] += gained;
			tally.sums[p.slot] += gainedSum;
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
	 * Area, mean probability and outline of every painted label, in painting order. A label whose mask lost
	 * every pixel has area 0 and no ROI. Labels are traced in parallel: each reads the finished plane only.
	 */
	public List<Instance> instances() {
		ImageProcessor labels = plane.processor();
		return painted.parallelStream().map(p -> new Instance(p.label, p.area,
			p.area == 0 ? 0 : p.probabilitySum / p.area, p.area == 0 ? null : outline(labels, p))).toList();
	}

	/**
	 * The outline of a label's pixels, along pixel edges. Most masks are one piece without holes: ImageJ's Wand
	 * traces them along their border alone, and when the traced polygon holds exactly the label's pixels it is
	 * the whole outline. Otherwise (holes, several pieces) ImageJ's ThresholdToSelection traces all of it.
	 */
	private Roi outline(ImageProcessor labels, Painted p) {
		int[] r = p.region;
		int width = plane.width(), start = -1;
		for (int y = r[1]; y < r[3] && start < 0; y++)
			for (int x = r[0]; x < r[2]; x++)
				if (plane.get(y * width + x) == p.label) {
					start = y * width + x;
					break;
				}
		Wand wand = new Wand(labels);
		wand.autoOutline(start % width, start / width, p.label, p.label, Wand.FOUR_CONNECTED);
		if (enclosedPixels(wand.xpoints, wand.ypoints, wand.npoints) == p.area) {
			PolygonRoi polygon = new PolygonRoi(wand.xpoints, wand.ypoints, wand.npoints, Roi.TRACED_ROI);
			if (holdsOnly(polygon, p.label)) return polygon;
		}
		return traceAll(p);
	}

	/** Whether every pixel inside the polygon carries the label (with the area check: exactly its pixels). */
	private boolean holdsOnly(PolygonRoi polygon, int label) {
		Rectangle b = polygon.getBounds();
		ImageProcessor inside = polygon.getMask();
		byte[] in = inside == null ? null : (byte[]) inside.getPixels(); // null: the polygon is its bounds
		int width = plane.width();
		for (int y = 0; y < b.height; y++)
			for (int x = 0; x < b.width; x++)
				if ((in == null || in[y * b.width + x] != 0) && plane.get((b.y + y) * width + b.x + x) != label) return false;
		return true;
	}

	/** Traces the label's pixels in its region with ImageJ's ThresholdToSelection: holes and pieces kept. */
	private Roi traceAll(Painted p) {
		int[] r = p.region;
		int w = r[2] - r[0], h = r[3] - r[1], width = plane.width();
		ByteProcessor mask = new ByteProcessor(w, h);
		byte[] bits = (byte[]) mask.getPixels();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (plane.get((r[1] + y) * width + r[0] + x) == p.label) bits[y * w + x] = (byte) 255;
		mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		Roi roi = new ThresholdToSelection().convert(mask);
		java.awt.geom.Rectangle2D.Double b = roi.getFloatBounds();
		roi.setLocation(b.x + r[0], b.y + r[1]);
		return roi;
	}

	/** Pixels inside a polygon that runs along pixel edges: its area by the shoelace formula. */
	private static long enclosedPixels(int[] x, int[] y, int n) {
		long twice = 0;
		for (int i = 0, j = n - 1; i < n; j = i++)
			twice += (long) x[j] * y[i] - (long) x[i] * y[j];
		return Math.abs(twice) / 2;
	}
}
