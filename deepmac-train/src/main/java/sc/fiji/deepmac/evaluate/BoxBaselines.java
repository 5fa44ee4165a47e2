package sc.fiji.deepmac.evaluate;

/**
 * The two baselines that a box prompt gives without any model: the filled box, and Otsu's threshold inside the
 * box, keeping the side of the threshold that touches the box border less (the object is inside, the background
 * around it).
 */
public final class BoxBaselines {

	private BoxBaselines() {}

	/**
	 * Filled-box IoU against instance {@code label}: its area over the box area (its tight box holds it all),
	 * leaving out the {@code ignore} pixels (if not null) of the box.
	 */
	public static double filledBox(int[] truth, int width, int label, int x0, int y0, int x1, int y1, boolean[] ignore) {
		long inside = 0, gtArea = 0;
		for (int i = 0; i < truth.length; i++)
			if (truth[i] == label) {
				gtArea++;
				int x = i % width, y = i / width;
				if (x >= x0 && x <= x1 && y >= y0 && y <= y1) inside++;
			}
		long box = 0;
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++) if (ignore == null || !ignore[y * width + x]) box++;
		long union = box + gtArea - inside;
		return union == 0 ? Double.NaN : (double) inside / union;
	}

	/**
	 * Otsu inside the box {@code [x0, x1] x [y0, y1]} (inclusive) of an 8-bit gray plane.
	 *
	 * @return the mask, over the whole plane
	 */
	public static boolean[] otsuInBox(int[] gray, int width, int height, int x0, int y0, int x1, int y1) {
		int[] hist = new int[256];
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++) hist[gray[y * width + x]]++;
		int t = otsu(hist);
		// which side touches the border less
		long brightBorder = 0, border = 0;
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++) {
				if (y != y0 && y != y1 && x != x0 && x != x1) continue;
				border++;
				if (gray[y * width + x] > t) brightBorder++;
			}
		boolean bright = brightBorder * 2 <= border;
		boolean[] mask = new boolean[width * height];
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++) mask[y * width + x] = (gray[y * width + x] > t) == bright;
		return mask;
	}

	/** Otsu's threshold: values above it are one class. */
	static int otsu(int[] hist) {
		long total = 0, sum = 0;
		for (int i = 0; i < hist.length; i++) {
			total += hist[i];
			sum += (long) i * hist[i];
		}
		long wB = 0, sumB = 0;
		double best = -1;
		int threshold = 0;
		for (int t = 0; t < hist.length; t++) {
			wB += hist[t];
			if (wB == 0) continue;
			long wF = total - wB;
			if (wF == 0) break;
			sumB += (long) t * hist[t];
			double mB = (double) sumB / wB, mF = (double) (sum - sumB) / wF;
			double between = (double) wB * wF * (mB - mF) * (mB - mF);
			if (between > best) {
				best = between;
				threshold = t;
			}
		}
		return threshold;
	}
}
