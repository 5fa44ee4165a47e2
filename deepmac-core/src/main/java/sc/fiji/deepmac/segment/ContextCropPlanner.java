package sc.fiji.deepmac.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.deepmac.box.Box;

/**
 * Decides which part of a plane the model sees for each box. Deep-MAC models resize their input so that its long
 * side is {@code inputSize} (1024 for the official ones), so in a large plane a small box shrinks to a few
 * pixels and its mask is lost. The rule (docs/context-crops.md):
 * <ol>
 * <li>A box whose long side is at least {@code minBoxSize} pixels in the resized whole plane is segmented in the
 * whole plane, in one call with all such boxes: exactly what the official models do.</li>
 * <li>Any other box is segmented in a context crop. The largest crop in which it still appears {@code minBoxSize}
 * large is {@code inputSize * side / minBoxSize} wide; boxes are gathered on a grid whose cell side is that
 * width divided by 1.5 and rounded down to a power of two, by their centres. Each occupied cell becomes one
 * call whose crop is the cell, grown to hold all its boxes plus a margin of up to a quarter cell on each side
 * (so about 1.5 cells) but never past the largest crop of any of its boxes, and clipped to the plane. Boxes of similar size share cells, so neighbours share calls.</li>
 * </ol>
 */
public final class ContextCropPlanner {

	private final int inputSize;
	private final double minBoxSize;

	/**
	 * @param inputSize long side, in pixels, the model resizes its input to
	 * @param minBoxSize smallest long side, in model-input pixels, at which a box is segmented in the whole plane
	 */
	public ContextCropPlanner(int inputSize, double minBoxSize) {
		if (inputSize < 1 || !(minBoxSize > 0)) throw new IllegalArgumentException(
			"Model input size and minimum box size must be positive");
		this.inputSize = inputSize;
		this.minBoxSize = minBoxSize;
	}

	/** Plans the calls for the boxes of one plane of {@code width x height}; every box is in exactly one crop. */
	public List<ContextCrop> plan(int width, int height, List<Box> boxes) {
		double scale = (double) inputSize / Math.max(width, height);
		List<Integer> whole = new ArrayList<>();
		Map<Long, List<Integer>> cells = new LinkedHashMap<>();
		Map<Long, Integer> cellSizes = new LinkedHashMap<>();
		for (int i = 0; i < boxes.size(); i++) {
			Box b = boxes.get(i);
			double side = Math.max(b.width(), b.height());
			if (side * scale >= minBoxSize) {
				whole.add(i);
				continue;
			}
			double largestCrop = inputSize * side / minBoxSize;
			int cell = Integer.highestOneBit((int) Math.max(1, Math.floor(largestCrop / 1.5)));
			long cx = (long) Math.floor((b.x() + b.width() / 2) / cell);
			long cy = (long) Math.floor((b.y() + b.height() / 2) / cell);
			long key = ((long) Integer.numberOfTrailingZeros(cell) << 58) | (cy << 29) | cx;
			cells.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
			cellSizes.put(key, cell);
		}
		List<ContextCrop> crops = new ArrayList<>();
		if (!whole.isEmpty()) crops.add(new ContextCrop(0, 0, width, height, toArray(whole)));
		for (Map.Entry<Long, List<Integer>> e : cells.entrySet()) {
			int cell = cellSizes.get(e.getKey());
			long key = e.getKey();
			double x0 = (key & ((1L << 29) - 1)) * (double) cell, y0 = ((key >> 29) & ((1L << 29) - 1)) * (double) cell;
			double x1 = x0 + cell, y1 = y0 + cell;
			double cap = Double.POSITIVE_INFINITY;
			for (int i : e.getValue()) {
				Box b = boxes.get(i);
				x0 = Math.min(x0, b.x());
				y0 = Math.min(y0, b.y());
				x1 = Math.max(x1, b.x() + b.width());
				y1 = Math.max(y1, b.y() + b.height());
				cap = Math.min(cap, inputSize * Math.max(b.width(), b.height()) / minBoxSize);
			}
			double mx = margin(x1 - x0, cell, cap), my = margin(y1 - y0, cell, cap);
			int cx0 = clamp(Math.floor(x0 - mx), width), cy0 = clamp(Math.floor(y0 - my), height);
			int cx1 = clamp(Math.ceil(x1 + mx), width), cy1 = clamp(Math.ceil(y1 + my), height);
			crops.add(new ContextCrop(cx0, cy0, cx1 - cx0, cy1 - cy0, toArray(e.getValue())));
		}
		return crops;
	}

	/** A quarter cell, or less where the crop would outgrow {@code cap} (one pixel spare for rounding). */
	private static double margin(double span, int cell, double cap) {
		return Math.max(0, Math.min(cell / 4.0, (cap - span - 2) / 2));
	}

	private static int clamp(double v, int max) {
		return (int) Math.max(0, Math.min(max, v));
	}

	private static int[] toArray(List<Integer> list) {
		return list.stream().mapToInt(Integer::intValue).toArray();
	}
}
