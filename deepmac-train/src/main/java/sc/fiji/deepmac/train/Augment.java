package sc.fiji.deepmac.train;

import java.util.Arrays;
import java.util.Random;

/** Geometric and photometric augmentation of training scenes. */
public final class Augment {

	private Augment() {}

	/**
	 * A {@code size}² view of an image through a random similarity transform: scale, rotation, flips. Image values
	 * are sampled bilinearly (mirrored at the borders); labels by nearest neighbour (0 outside the image).
	 *
	 * @param scale output pixels per source pixel
	 * @param cx source x at the centre of the view
	 * @param cy source y at the centre of the view
	 */
	public static Scene warp(DsbData.Item item, int size, double scale, double angle, boolean flip, double cx, double cy) {
		int w = item.width(), h = item.height();
		byte[] src = item.rgb();
		int[] srcLabels = item.labels();
		float[] rgb = new float[3 * size * size];
		int[] labels = new int[size * size];
		double ca = Math.cos(angle) / scale, sa = Math.sin(angle) / scale;
		for (int v = 0; v < size; v++)
			for (int u = 0; u < size; u++) {
				double du = (flip ? size / 2.0 - u - 0.5 : u + 0.5 - size / 2.0), dv = v + 0.5 - size / 2.0;
				double x = cx + ca * du - sa * dv - 0.5, y = cy + sa * du + ca * dv - 0.5;
				int o = v * size + u;
				int nx = (int) Math.round(x), ny = (int) Math.round(y);
				if (nx >= 0 && ny >= 0 && nx < w && ny < h) labels[o] = srcLabels[ny * w + nx];
				int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
				double fx = x - x0, fy = y - y0;
				int xa = mirror(x0, w), xb = mirror(x0 + 1, w), ya = mirror(y0, h), yb = mirror(y0 + 1, h);
				for (int c = 0; c < 3; c++) {
					double p = (src[3 * (ya * w + xa) + c] & 0xff) * (1 - fx) * (1 - fy) + (src[3 * (ya * w + xb) + c] & 0xff) * fx * (1 - fy)
						+ (src[3 * (yb * w + xa) + c] & 0xff) * (1 - fx) * fy + (src[3 * (yb * w + xb) + c] & 0xff) * fx * fy;
					rgb[3 * o + c] = (float) p;
				}
			}
		if (item.classOf() != null) return new Scene(size, size, rgb, labels, item.classOf(), item.masked());
		int[] classOf = new int[item.labelMax() + 1];
		boolean[] masked = new boolean[item.labelMax() + 1];
		Arrays.fill(classOf, DsbData.NUCLEUS_CLASS);
		Arrays.fill(masked, true);
		classOf[0] = -1;
		masked[0] = false;
		return new Scene(size, size, rgb, labels, classOf, masked);
	}

	private static int mirror(int i, int n) {
		if (n == 1) return 0;
		int period = 2 * n - 2;
		i = Math.floorMod(i, period);
		return i < n ? i : period - i;
	}

	/**
	 * Photometric augmentation in place: gray conversion, polarity, contrast, brightness, gamma, blur, noise, and
	 * sometimes the pipeline's percentile stretch (as 16-bit images get), then 8-bit quantisation.
	 */
	public static void photometric(float[] rgb, int width, int height, Random r) {
		int n = width * height;
		if (r.nextDouble() < 0.25) gray(rgb);
		if (r.nextDouble() < 0.3) for (int i = 0; i < rgb.length; i++) rgb[i] = 255 - rgb[i];
		double contrast = Math.exp((r.nextDouble() - 0.5) * 0.9), brightness = (r.nextDouble() - 0.5) * 60;
		double gamma = Math.exp((r.nextDouble() - 0.5) * 0.9);
		float[] gain = { 1, 1, 1 };
		if (r.nextDouble() < 0.3) for (int c = 0; c < 3; c++) gain[c] = (float) (0.8 + 0.4 * r.nextDouble());
		for (int i = 0; i < rgb.length; i++) {
			double v = (rgb[i] - 128) * contrast + 128 + brightness;
			v = 255 * Math.pow(Math.max(0, Math.min(255, v)) / 255, gamma);
			rgb[i] = (float) (v * gain[i % 3]);
		}
		if (r.nextDouble() < 0.4) blur(rgb, width, height, 0.5 + 1.5 * r.nextDouble());
		if (r.nextDouble() < 0.6) {
			double sigma = r.nextDouble() * 15;
			boolean poisson = r.nextBoolean();
			for (int i = 0; i < n; i++) {
				double z = r.nextGaussian() * sigma;
				for (int c = 0; c < 3; c++) {
					double s = poisson ? z * Math.sqrt(Math.max(0, rgb[3 * i + c]) / 128) : z;
					rgb[3 * i + c] += (float) s;
				}
			}
		}
		if (r.nextDouble() < 0.4) stretch(rgb, 0.01, 0.998);
		for (int i = 0; i < rgb.length; i++) rgb[i] = Math.round(Math.max(0, Math.min(255, rgb[i])));
	}

	/**
	 * Photometric augmentation that keeps a photograph natural, for a backbone trained on photographs: sometimes gray,
	 * milder contrast, brightness and gamma, colour balance; then 8-bit quantisation.
	 */
	public static void natural(float[] rgb, Random r) {
		if (r.nextDouble() < 0.1) gray(rgb);
		double contrast = Math.exp((r.nextDouble() - 0.5) * 0.5), brightness = (r.nextDouble() - 0.5) * 40;
		double gamma = Math.exp((r.nextDouble() - 0.5) * 0.5);
		float[] gain = { 1, 1, 1 };
		if (r.nextDouble() < 0.3) for (int c = 0; c < 3; c++) gain[c] = (float) (0.9 + 0.2 * r.nextDouble());
		for (int i = 0; i < rgb.length; i++) {
			double v = (rgb[i] - 128) * contrast + 128 + brightness;
			v = 255 * Math.pow(Math.max(0, Math.min(255, v)) / 255, gamma) * gain[i % 3];
			rgb[i] = Math.round(Math.max(0, Math.min(255, v)));
		}
	}

	/** Interleaved RGB to gray in place: each pixel's three values become their mean. */
	private static void gray(float[] rgb) {
		for (int i = 0; i < rgb.length; i += 3) {
			float g = (rgb[i] + rgb[i + 1] + rgb[i + 2]) / 3;
			rgb[i] = rgb[i + 1] = rgb[i + 2] = g;
		}
	}

	/** Maps the given quantiles of all values to 0 and 255. */
	private static void stretch(float[] rgb, double low, double high) {
		float[] sorted = rgb.clone();
		Arrays.sort(sorted);
		float lo = sorted[(int) (low * (sorted.length - 1))], hi = sorted[(int) (high * (sorted.length - 1))];
		if (hi - lo < 1) return;
		float k = 255 / (hi - lo);
		for (int i = 0; i < rgb.length; i++) rgb[i] = (rgb[i] - lo) * k;
	}

	/** Separable Gaussian blur of interleaved RGB. */
	static void blur(float[] rgb, int w, int h, double sigma) {
		int radius = (int) Math.ceil(2.5 * sigma);
		float[] k = new float[2 * radius + 1];
		float sum = 0;
		for (int i = -radius; i <= radius; i++) sum += k[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
		for (int i = 0; i < k.length; i++) k[i] /= sum;
		float[] tmp = new float[rgb.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int c = 0; c < 3; c++) {
					float s = 0;
					for (int i = -radius; i <= radius; i++) s += k[i + radius] * rgb[3 * (y * w + Math.max(0, Math.min(w - 1, x + i))) + c];
					tmp[3 * (y * w + x) + c] = s;
				}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int c = 0; c < 3; c++) {
					float s = 0;
					for (int i = -radius; i <= radius; i++) s += k[i + radius] * tmp[3 * (Math.max(0, Math.min(h - 1, y + i)) * w + x) + c];
					rgb[3 * (y * w + x) + c] = s;
				}
	}
}
