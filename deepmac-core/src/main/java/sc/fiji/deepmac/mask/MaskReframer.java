package sc.fiji.deepmac.mask;

import sc.fiji.deepmac.model.BoxMasks;

/**
 * Puts box masks back into the image exactly as the TF Object Detection API's
 * {@code reframe_box_masks_to_image_masks} does: {@code crop_and_resize} of each mask with the inverse box
 * {@code [(0-y0)/dy, (0-x0)/dx, (1-y0)/dy, (1-x0)/dx]} (dy, dx at least 1e-4), bilinear, extrapolation 0, crop
 * size [H, W]. Arithmetic is float32 in TensorFlow's order, so values match TensorFlow's to rounding.
 * <p>
 * Unlike TensorFlow it only visits the rows and columns that fall inside each box (everything else is the
 * extrapolation value 0), so cost grows with the boxes' area, not with N x H x W.
 */
public final class MaskReframer implements BoxProbabilities {

	private final BoxMasks masks;
	private final int size;
	private final int height;
	private final int width;
	// per box: crop_and_resize's source coordinate is offset + i * scale, for y and for x
	private final float[] offsetY, scaleY, offsetX, scaleX;

	/**
	 * @param masks the model's box masks
	 * @param boxes the boxes given to the model, normalised to this image: ymin, xmin, ymax, xmax per box
	 * @param height the image height in pixels
	 * @param width the image width in pixels
	 */
	public MaskReframer(BoxMasks masks, float[] boxes, int height, int width) {
		if (boxes.length != 4 * masks.count()) throw new IllegalArgumentException(
			masks.count() + " masks need " + 4 * masks.count() + " box coordinates, got " + boxes.length);
		this.masks = masks;
		this.size = masks.size();
		this.height = height;
		this.width = width;
		int n = masks.count();
		offsetY = new float[n];
		scaleY = new float[n];
		offsetX = new float[n];
		scaleX = new float[n];
		for (int k = 0; k < n; k++) {
			// the inverse box (y1, x1, y2, x2), with the Object Detection API's 1e-4 floor on the box size
			float y0 = boxes[4 * k], x0 = boxes[4 * k + 1];
			float dy = Math.max(boxes[4 * k + 2] - y0, 1e-4f);
			float dx = Math.max(boxes[4 * k + 3] - x0, 1e-4f);
			mapping((0f - y0) / dy, (1f - y0) / dy, height, k, offsetY, scaleY);
			mapping((0f - x0) / dx, (1f - x0) / dx, width, k, offsetX, scaleX);
		}
	}

	/**
	 * TensorFlow's mapping from output index to source coordinate, {@code lo * (size - 1) + i * scale} with
	 * {@code scale = (hi - lo) * (size - 1) / (outSize - 1)}, or the centre when the output has one pixel: the
	 * same float32 operations, done once per box.
	 */
	private void mapping(float lo, float hi, int outSize, int k, float[] offset, float[] scale) {
		if (outSize > 1) {
			scale[k] = (hi - lo) * (size - 1) / (outSize - 1);
			offset[k] = lo * (size - 1);
		}
		else offset[k] = 0.5f * (lo + hi) * (size - 1);
	}

	@Override
	public int count() {
		return masks.count();
	}

	/**
	 * The pixels where box k's reframed mask may be non-zero, as {@code {x0, y0, x1, y1}} (exclusive ends), or
	 * null when the box covers no pixel centre-line of the image.
	 */
	@Override
	public int[] region(int k) {
		int[] rows = span(offsetY[k], scaleY[k], height);
		int[] cols = span(offsetX[k], scaleX[k], width);
		return rows == null || cols == null ? null : new int[] { cols[0], rows[0], cols[1], rows[1] };
	}

	/** Reframed probability of box k at pixel (x, y): TensorFlow's crop_and_resize value, 0 outside the box. */
	@Override
	public float probability(int k, int x, int y) {
		float inY = offsetY[k] + y * scaleY[k];
		float inX = offsetX[k] + x * scaleX[k];
		if (outside(inY) || outside(inX)) return 0f;
		return bilinear(masks.offset(k), inY, inX);
	}

	/**
	 * Writes box k's reframed probabilities over {@code region(k)} into {@code out} (row-major, region width),
	 * which must hold at least the region's area.
	 * <p>
	 * Every pixel of the region samples inside the mask, so no extrapolation test is needed. TensorFlow first
	 * interpolates along x in the two source rows, then along y; the x-interpolated source rows are computed once
	 * per source row (at most {@code size} of them) instead of once per output row, with the same float32
	 * operations, so the values stay TensorFlow's.
	 */
	@Override
	public void reframe(int k, int[] region, float[] out) {
		int x0 = region[0], y0 = region[1], x1 = region[2], y1 = region[3];
		int w = x1 - x0;
		int[] left = new int[w], right = new int[w];
		float[] xLerp = new float[w];
		for (int i = 0; i < w; i++) {
			float inX = offsetX[k] + (x0 + i) * scaleX[k];
			left[i] = (int) inX; // inside the region every source coordinate is >= 0: the cast is floor
			right[i] = ceil(inX, left[i]);
			xLerp[i] = inX - left[i];
		}
		float[] p = masks.probabilities();
		int offset = masks.offset(k);
		float[][] rows = new float[size][];
		for (int y = y0; y < y1; y++) {
			float inY = offsetY[k] + y * scaleY[k];
			int top = (int) inY, bottom = ceil(inY, top);
			float yLerp = inY - top;
			float[] topRow = rows[top], bottomRow = rows[bottom];
			if (topRow == null) topRow = rows[top] = lerpRow(p, offset + top * size, left, right, xLerp);
			if (bottomRow == null) bottomRow = rows[bottom] = lerpRow(p, offset + bottom * size, left, right, xLerp);
			int row = (y - y0) * w;
			for (int i = 0; i < w; i++)
				out[row + i] = topRow[i] + (bottomRow[i] - topRow[i]) * yLerp;
		}
	}

	/** One source row interpolated along x at every output column: TensorFlow's {@code top} or {@code bottom}. */
	private static float[] lerpRow(float[] p, int rowStart, int[] left, int[] right, float[] xLerp) {
		float[] row = new float[left.length];
		for (int i = 0; i < row.length; i++) {
			float l = p[rowStart + left[i]];
			row[i] = l + (p[rowStart + right[i]] - l) * xLerp[i];
		}
		return row;
	}

	/** ceil of a non-negative coordinate whose floor is known. */
	private static int ceil(float in, int floor) {
		return in > floor ? floor + 1 : floor;
	}

	private boolean outside(float in) {
		return in < 0 || in > size - 1;
	}

	private float bilinear(int offset, float inY, float inX) {
		float[] p = masks.probabilities();
		int top = (int) inY, bottom = ceil(inY, top);
		int left = (int) inX, right = ceil(inX, left);
		float yLerp = inY - top, xLerp = inX - left;
		float topLeft = p[offset + top * size + left], topRight = p[offset + top * size + right];
		float bottomLeft = p[offset + bottom * size + left], bottomRight = p[offset + bottom * size + right];
		float topValue = topLeft + (topRight - topLeft) * xLerp;
		float bottomValue = bottomLeft + (bottomRight - bottomLeft) * xLerp;
		return topValue + (bottomValue - topValue) * yLerp;
	}

	/** Output indices whose source coordinate lies in [0, size-1], as {from, to} (exclusive), or null. */
	private int[] span(float offset, float scale, int outSize) {
		if (outSize == 1) return outside(offset) ? null : new int[] { 0, 1 };
		// The source coordinate grows linearly with the index; solve in double, then let TensorFlow's float32
		// test decide the indices at the edges.
		double first = -offset / (double) scale;
		double last = (size - 1 - (double) offset) / scale;
		int from = Math.max(0, (int) Math.floor(first) - 1);
		int to = Math.min(outSize - 1, (int) Math.ceil(last) + 1);
		while (from <= to && outside(offset + from * scale)) from++;
		while (to >= from && outside(offset + to * scale)) to--;
		return from > to ? null : new int[] { from, to + 1 };
	}

}
