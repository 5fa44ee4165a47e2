package sc.fiji.deepmac.mask;

/**
 * The colour guided filter (He, Sun and Tang, "Guided image filtering", TPAMI 2013, eq. 19-21) over one rectangle:
 * the output is, in every window of side {@code 2 radius + 1}, the best linear function of the guide's colours that
 * fits the input. Filtering a coarse mask with its image as the guide moves the mask's edges onto the image's edges
 * within about {@code radius} pixels and leaves flat parts as they were; {@code epsilon} (in squared guide units, the
 * guide being 0-1) is how much colour change counts as an edge rather than noise. Windows are clipped at the
 * rectangle's border. Box sums run over prefix sums (in double: the means are differences of large sums), so the
 * cost is linear in the area whatever the radius; the rest is float, which holds 0-1 colours well past what a mask
 * needs.
 */
final class GuidedFilter {

	private GuidedFilter() {}

	/**
	 * @param guide interleaved RGB, 0-255, of an image {@code guideWidth} wide
	 * @param region the rectangle {@code {x0, y0, x1, y1}} (exclusive ends) of the guide that {@code input} covers
	 * @param input row-major values over the region; replaced by the filtered ones
	 */
	static void filter(byte[] guide, int guideWidth, int[] region, float[] input, int radius, double epsilon) {
		int w = region[2] - region[0], h = region[3] - region[1], n = w * h;
		// the guide's colours (0-1), the input, and their products: what the windows' means are taken of
		float[][] sums = new float[13][n];
		float[] r = sums[0], g = sums[1], b = sums[2], p = sums[3];
		for (int y = 0; y < h; y++) {
			int from = 3 * ((region[1] + y) * guideWidth + region[0]);
			for (int x = 0; x < w; x++) {
				int i = y * w + x, j = from + 3 * x;
				r[i] = (guide[j] & 0xff) / 255f;
				g[i] = (guide[j + 1] & 0xff) / 255f;
				b[i] = (guide[j + 2] & 0xff) / 255f;
				p[i] = input[i];
			}
		}
		for (int i = 0; i < n; i++) {
			sums[4][i] = r[i] * r[i];
			sums[5][i] = r[i] * g[i];
			sums[6][i] = r[i] * b[i];
			sums[7][i] = g[i] * g[i];
			sums[8][i] = g[i] * b[i];
			sums[9][i] = b[i] * b[i];
			sums[10][i] = r[i] * p[i];
			sums[11][i] = g[i] * p[i];
			sums[12][i] = b[i] * p[i];
		}
		float[][] means = new float[13][];
		for (int c = 0; c < 13; c++) means[c] = windowMeans(sums[c], w, h, radius);
		// per window: a = (Sigma + epsilon U)^-1 cov(I, p), b = mean(p) - a . mean(I)
		float[][] ab = new float[4][n];
		for (int i = 0; i < n; i++) {
			double mr = means[0][i], mg = means[1][i], mb = means[2][i], mp = means[3][i];
			double srr = means[4][i] - mr * mr + epsilon, srg = means[5][i] - mr * mg, srb = means[6][i] - mr * mb;
			double sgg = means[7][i] - mg * mg + epsilon, sgb = means[8][i] - mg * mb, sbb = means[9][i] - mb * mb + epsilon;
			double cr = means[10][i] - mr * mp, cg = means[11][i] - mg * mp, cb = means[12][i] - mb * mp;
			// the symmetric 3x3 inverse by cofactors
			double i00 = sgg * sbb - sgb * sgb, i01 = srb * sgb - srg * sbb, i02 = srg * sgb - srb * sgg;
			double i11 = srr * sbb - srb * srb, i12 = srb * srg - srr * sgb, i22 = srr * sgg - srg * srg;
			double det = srr * i00 + srg * i01 + srb * i02;
			double ar = (i00 * cr + i01 * cg + i02 * cb) / det;
			double ag = (i01 * cr + i11 * cg + i12 * cb) / det;
			double abl = (i02 * cr + i12 * cg + i22 * cb) / det;
			ab[0][i] = (float) ar;
			ab[1][i] = (float) ag;
			ab[2][i] = (float) abl;
			ab[3][i] = (float) (mp - ar * mr - ag * mg - abl * mb);
		}
		for (int c = 0; c < 4; c++) ab[c] = windowMeans(ab[c], w, h, radius);
		for (int i = 0; i < n; i++)
			input[i] = ab[0][i] * r[i] + ab[1][i] * g[i] + ab[2][i] * b[i] + ab[3][i];
	}

	/** The mean of {@code values} over each pixel's window, clipped at the border. */
	private static float[] windowMeans(float[] values, int w, int h, int radius) {
		// prefix sums with a zero row and column in front
		double[] prefix = new double[(w + 1) * (h + 1)];
		for (int y = 0; y < h; y++) {
			double row = 0;
			for (int x = 0; x < w; x++) {
				row += values[y * w + x];
				prefix[(y + 1) * (w + 1) + x + 1] = prefix[y * (w + 1) + x + 1] + row;
			}
		}
		float[] out = new float[w * h];
		for (int y = 0; y < h; y++) {
			int top = Math.max(0, y - radius), bottom = Math.min(h, y + radius + 1);
			for (int x = 0; x < w; x++) {
				int left = Math.max(0, x - radius), right = Math.min(w, x + radius + 1);
				double sum = prefix[bottom * (w + 1) + right] - prefix[top * (w + 1) + right]
					- prefix[bottom * (w + 1) + left] + prefix[top * (w + 1) + left];
				out[y * w + x] = (float) (sum / ((bottom - top) * (right - left)));
			}
		}
		return out;
	}
}
