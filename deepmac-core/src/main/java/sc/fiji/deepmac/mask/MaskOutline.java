package sc.fiji.deepmac.mask;

import java.awt.Rectangle;

import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.Wand;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/** The outline of a binary mask (255 inside, 0 outside), along pixel edges, holes and pieces kept. */
final class MaskOutline {

	private static final int INSIDE = 255;

	private MaskOutline() {}

	/**
	 * Traces {@code mask}, which holds {@code area} > 0 pixels, in the mask's own coordinates. Most masks are one piece
	 * without holes: ImageJ's Wand traces them along their border alone, and when the traced polygon holds exactly the
	 * mask's pixels it is the whole outline. Otherwise (holes, several pieces) ImageJ's ThresholdToSelection traces
	 * all of it.
	 */
	static Roi trace(ByteProcessor mask, long area) {
		byte[] bits = (byte[]) mask.getPixels();
		int w = mask.getWidth(), start = 0;
		while (bits[start] == 0) start++;
		Wand wand = new Wand(mask);
		wand.autoOutline(start % w, start / w, INSIDE, INSIDE, Wand.FOUR_CONNECTED);
		if (enclosedPixels(wand.xpoints, wand.ypoints, wand.npoints) == area) {
			PolygonRoi polygon = new PolygonRoi(wand.xpoints, wand.ypoints, wand.npoints, Roi.TRACED_ROI);
			if (holdsOnlyMask(polygon, bits, w)) return polygon;
		}
		mask.setThreshold(INSIDE, INSIDE, ImageProcessor.NO_LUT_UPDATE);
		return new ThresholdToSelection().convert(mask);
	}

	/** Whether every pixel inside the polygon is in the mask (with the area check: exactly its pixels). */
	private static boolean holdsOnlyMask(PolygonRoi polygon, byte[] bits, int width) {
		Rectangle b = polygon.getBounds();
		ImageProcessor inside = polygon.getMask();
		byte[] in = inside == null ? null : (byte[]) inside.getPixels(); // null: the polygon is its bounds
		for (int y = 0; y < b.height; y++)
			for (int x = 0; x < b.width; x++)
				if ((in == null || in[y * b.width + x] != 0) && bits[(b.y + y) * width + b.x + x] == 0) return false;
		return true;
	}

	/** Pixels inside a polygon that runs along pixel edges: its area by the shoelace formula. */
	private static long enclosedPixels(int[] x, int[] y, int n) {
		long twice = 0;
		for (int i = 0, j = n - 1; i < n; j = i++)
			twice += (long) x[j] * y[i] - (long) x[i] * y[j];
		return Math.abs(twice) / 2;
	}
}
