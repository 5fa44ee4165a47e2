package sc.fiji.deepmac.mask;

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
 * so the result does not depend on the order in which boxes are painted.
 */
public final class PlaneLabeler {

	/** Box area, in pixels, from which painting is split over threads. */
	private static final long PARALLEL_AREA = 1 << 16;

	private final LabelPlane plane;
	private final float threshold;
	private final List<Painted> painted = new ArrayList<>();
	private Painted[] byLabel = new Painted[16];

	/** A label's mask: box {@code index} of {@code reframer}, over {@code region} (x0, y0, x1, y1). */
	private record Painted(int label, MaskReframer reframer, int index, int[] region) {}

	/** What one label became in this plane. */
	public record Instance(int label, long area, double meanProbability, Roi roi) {}

	public PlaneLabeler(int width, int height, int maxLabel, float threshold) {
		this.plane = new LabelPlane(width, height, maxLabel);
		this.threshold = threshold;
	}

	/**
	 * Paints every box of {@code reframer}, box k with label {@code labels[k]}. Large batches are painted in
	 * horizontal bands, one thread each: a band's pixels are written by its thread alone, and the overlap rule
	 * does not depend on order, so the result is the same as painting one box after another.
	 */
	public void paint(MaskReframer reframer, int[] labels) {
		List<Painted> batch = new ArrayList<>();
		long area = 0;
		for (int k = 0; k < reframer.count(); k++) {
			int[] region = reframer.region(k);
			if (region == null) continue;
			Painted p = new Painted(labels[k], reframer, k, region);
			remember(p);
			batch.add(p);
			area += (long) (region[2] - region[0]) * (region[3] - region[1]);
		}
		int height = plane.height();
		int bands = area < PARALLEL_AREA ? 1 : Math.min(height, Runtime.getRuntime().availableProcessors());
		IntStream.range(0, bands).parallel()
			.forEach(b -> paintBand(batch, (int) ((long) b * height / bands), (int) ((long) (b + 1) * height / bands)));
	}

	/** Paints the rows {@code [top, bottom)} of every box of the batch. */
	private void paintBand(List<Painted> batch, int top, int bottom) {
		float[] buffer = new float[0];
		int width = plane.width();
		for (Painted p : batch) {
			int[] part = { p.region[0], Math.max(top, p.region[1]), p.region[2], Math.min(bottom, p.region[3]) };
			if (part[1] >= part[3]) continue;
			int w = part[2] - part[0], h = part[3] - part[1];
			if (buffer.length < w * h) buffer = new float[w * h];
			p.reframer.reframe(p.index, part, buffer);
			for (int y = part[1]; y < part[3]; y++) {
				int row = (y - part[1]) * w - part[0];
				for (int x = part[0]; x < part[2]; x++) {
					float probability = buffer[row + x];
					if (!(probability > threshold)) continue;
					int i = y * width + x;
					int owner = plane.get(i);
					if (owner == 0 || wins(probability, p.label, owner, x, y)) plane.set(i, p.label);
				}
			}
		}
	}

	private boolean wins(float p, int label, int owner, int x, int y) {
		Painted other = byLabel[owner];
		float q = other.reframer.probability(other.index, x, y);
		return p > q || (p == q && label < owner);
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
	 * every pixel has area 0 and no ROI. Labels are measured and traced in parallel: each reads the finished
	 * plane and writes nothing shared.
	 */
	public List<Instance> instances() {
		return painted.parallelStream().map(this::measure).toList();
	}

	private Instance measure(Painted p) {
		int[] r = p.region;
		int w = r[2] - r[0], h = r[3] - r[1], width = plane.width();
		float[] probabilities = new float[w * h];
		p.reframer.reframe(p.index, r, probabilities);
		ByteProcessor mask = new ByteProcessor(w, h);
		byte[] bits = (byte[]) mask.getPixels();
		long area = 0;
		double sum = 0;
		int minX = w, minY = h, maxX = -1, maxY = -1;
		for (int y = 0; y < h; y++) {
			int row = (r[1] + y) * width + r[0];
			for (int x = 0; x < w; x++)
				if (plane.get(row + x) == p.label) {
					bits[y * w + x] = (byte) 255;
					area++;
					sum += probabilities[y * w + x];
					minX = Math.min(minX, x);
					maxX = Math.max(maxX, x);
					minY = Math.min(minY, y);
					maxY = Math.max(maxY, y);
				}
		}
		if (area == 0) return new Instance(p.label, 0, 0, null);
		// trace only the pixels' own bounds, not the whole box region
		mask.setRoi(minX, minY, maxX - minX + 1, maxY - minY + 1);
		Roi roi = outline((ByteProcessor) mask.crop(), area);
		java.awt.geom.Rectangle2D.Double b = roi.getFloatBounds();
		roi.setLocation(b.x + r[0] + minX, b.y + r[1] + minY);
		return new Instance(p.label, area, sum / area, roi);
	}

	/**
	 * The outline of a mask's pixels, along pixel edges. Most masks are one piece without holes: ImageJ's Wand
	 * traces them along the border alone, and when the traced polygon encloses every pixel of the mask it is the
	 * whole outline. Otherwise (holes, several pieces) ImageJ's ThresholdToSelection traces all of it.
	 */
	private static Roi outline(ByteProcessor mask, long area) {
		int first = 0;
		byte[] bits = (byte[]) mask.getPixels();
		while (bits[first] == 0) first++;
		Wand wand = new Wand(mask);
		wand.autoOutline(first % mask.getWidth(), first / mask.getWidth(), 255.0, 255.0, Wand.FOUR_CONNECTED);
		if (enclosedPixels(wand.xpoints, wand.ypoints, wand.npoints) == area) {
			PolygonRoi polygon = new PolygonRoi(wand.xpoints, wand.ypoints, wand.npoints, Roi.TRACED_ROI);
			if (coversExactly(polygon, mask)) return polygon;
		}
		mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		return new ThresholdToSelection().convert(mask);
	}

	/** Whether the polygon's inside is the mask's pixels, no more and no fewer (a hole could hide a piece's area). */
	private static boolean coversExactly(PolygonRoi polygon, ByteProcessor mask) {
		java.awt.Rectangle bounds = polygon.getBounds();
		if (bounds.x != 0 || bounds.y != 0 || bounds.width != mask.getWidth() || bounds.height != mask.getHeight())
			return false;
		byte[] inside = (byte[]) polygon.getMask().getPixels(), bits = (byte[]) mask.getPixels();
		return java.util.Arrays.equals(inside, bits);
	}

	/** Pixels inside a polygon that runs along pixel edges: its area by the shoelace formula. */
	private static long enclosedPixels(int[] x, int[] y, int n) {
		long twice = 0;
		for (int i = 0, j = n - 1; i < n; j = i++)
			twice += (long) x[j] * y[i] - (long) x[i] * y[j];
		return Math.abs(twice) / 2;
	}

}
