package sc.fiji.deepmac.train;

import java.util.Random;

/**
 * Histology colour for nuclei scenes, so that a model trained on mostly fluorescence nuclei also meets H&E
 * brightfield images. Both methods work with Beer–Lambert optical densities: a stain of density {@code c} and
 * unit absorption vector {@code v} transmits {@code 255 exp(-c v)} per channel, and stains add in density.
 * Labels are never changed; results are 0..255 and depend only on the scene and the Random.
 */
public final class StainAugment {

	/** Optical-density vectors of hematoxylin (nuclei, blue-purple) and eosin (cytoplasm and stroma, pink). */
	private static final double[] HEMATOXYLIN = unit(0.65, 0.70, 0.29), EOSIN = unit(0.07, 0.99, 0.11);

	private StainAugment() {}

	/**
	 * Rewrites a nuclei scene as an H&E image: nuclei take hematoxylin in proportion to how nucleus-like their
	 * gray level is (so chromatin texture survives, whichever polarity the source had), the background eosin from
	 * a smooth field with blank white areas and denser fibrous ones, and a few unlabelled faint purple blobs
	 * stand for out-of-focus nuclei and debris.
	 */
	public static void hematoxylinEosin(Scene scene, Random r) {
		float[] rgb = scene.rgb();
		int[] labels = scene.labels();
		int w = scene.width(), h = scene.height(), n = w * h, side = Math.max(w, h);
		double[] hem = jitter(HEMATOXYLIN, r), eos = jitter(EOSIN, r);
		// which way nuclei differ from the background in this source: the mean gray inside against outside
		double in = 0, out = 0;
		int nIn = 0;
		for (int i = 0; i < n; i++) {
			double g = gray(rgb, i);
			if (labels[i] > 0) {
				in += g;
				nIn++;
			}
			else out += g;
		}
		in = nIn == 0 ? 255 : in / nIn;
		out = nIn == n ? 0 : out / (n - nIn);
		double contrast = Math.abs(in - out) < 1 ? Math.copySign(1, in - out + 1e-9) : in - out;
		// per scene: faint to dark nuclei, light to strong eosin, some hematoxylin everywhere
		double dark = 0.5 + 1.3 * r.nextDouble(), eosinLevel = 0.15 + 0.5 * r.nextDouble(), baseH = 0.03 + 0.1 * r.nextDouble();
		double angle = r.nextDouble() * Math.PI, period = 5 + 7 * r.nextDouble();
		double ca = Math.cos(angle), sa = Math.sin(angle);
		float[] chromatin = SyntheticScenes.smoothNoise(r, side, Math.max(2, side / 4), 0.3);
		float[] tissue = SyntheticScenes.smoothNoise(r, side, 3 + r.nextInt(6), 1);
		float[] fibres = SyntheticScenes.smoothNoise(r, side, 3 + r.nextInt(6), 1);
		float[] wave = SyntheticScenes.smoothNoise(r, side, 8 + r.nextInt(8), 8);
		double[] cH = new double[n], cE = new double[n];
		for (int i = 0; i < n; i++) {
			int x = i % w, y = i / w, j = y * side + x;
			// eosin: blank where the field is low, denser wavy fibres where a second field is high
			double e = 0.55 + 0.7 * tissue[j];
			double fibre = 0.5 + 0.5 * Math.sin(2 * Math.PI * (x * ca + y * sa) / period + wave[j]);
			e += 0.5 * Math.max(0, fibres[j] - 0.2) * fibre;
			cE[i] = eosinLevel * Math.max(0, Math.min(1.5, e));
			cH[i] = baseH;
			if (labels[i] > 0) {
				double nucleus = Math.max(0, Math.min(1, 0.75 * (gray(rgb, i) - out) / contrast));
				cH[i] += dark * nucleus * (1 + chromatin[j]);
				cE[i] = 0.4 * cE[i] + 0.05;
			}
		}
		// unlabelled faint purple blobs where there is no nucleus
		int blobs = r.nextBoolean() ? r.nextInt(5) : 0;
		for (int b = 0; b < blobs; b++) {
			double bx = r.nextDouble() * w, by = r.nextDouble() * h, radius = 3 + 8 * r.nextDouble(), amount = 0.15 + 0.3 * r.nextDouble();
			for (int i = 0; i < n; i++) {
				if (labels[i] > 0) continue;
				double d2 = (Math.pow(i % w - bx, 2) + Math.pow(i / w - by, 2)) / (radius * radius);
				if (d2 < 9) cH[i] += amount * Math.exp(-d2 / 2);
			}
		}
		for (int i = 0; i < n; i++)
			for (int c = 0; c < 3; c++) rgb[3 * i + c] = (float) (255 * Math.exp(-(cH[i] * hem[c] + cE[i] * eos[c])));
	}

	/**
	 * HED jitter of a colour scene: colour deconvolution into hematoxylin, eosin and a residual, the hematoxylin
	 * and eosin densities scaled by 0.7-1.3 each, and back to RGB (as histology augmentation varies staining).
	 */
	public static void jitterStains(Scene scene, Random r) {
		double[] residual = unit(HEMATOXYLIN[1] * EOSIN[2] - HEMATOXYLIN[2] * EOSIN[1],
			HEMATOXYLIN[2] * EOSIN[0] - HEMATOXYLIN[0] * EOSIN[2], HEMATOXYLIN[0] * EOSIN[1] - HEMATOXYLIN[1] * EOSIN[0]);
		double[][] stains = { HEMATOXYLIN, EOSIN, residual };
		double[][] inverse = invert(stains);
		double[] gain = { 0.7 + 0.6 * r.nextDouble(), 0.7 + 0.6 * r.nextDouble(), 1 };
		float[] rgb = scene.rgb();
		double[] od = new double[3], density = new double[3];
		for (int i = 0; i < rgb.length; i += 3) {
			// +1 keeps black pixels finite
			for (int c = 0; c < 3; c++) od[c] = -Math.log((Math.max(0, Math.min(255, rgb[i + c])) + 1) / 256);
			for (int s = 0; s < 3; s++) density[s] = gain[s] * (od[0] * inverse[0][s] + od[1] * inverse[1][s] + od[2] * inverse[2][s]);
			for (int c = 0; c < 3; c++) {
				double d = density[0] * stains[0][c] + density[1] * stains[1][c] + density[2] * stains[2][c];
				rgb[i + c] = (float) Math.max(0, Math.min(255, 256 * Math.exp(-d) - 1));
			}
		}
	}

	/** Whether the channels differ noticeably: a colour (e.g. stained brightfield) source rather than gray. */
	public static boolean isColourful(Scene scene) {
		float[] rgb = scene.rgb();
		double sum = 0;
		for (int i = 0; i < rgb.length; i += 3)
			sum += Math.max(rgb[i], Math.max(rgb[i + 1], rgb[i + 2])) - Math.min(rgb[i], Math.min(rgb[i + 1], rgb[i + 2]));
		return sum / (rgb.length / 3) > 8;
	}

	private static double gray(float[] rgb, int i) {
		return (rgb[3 * i] + rgb[3 * i + 1] + rgb[3 * i + 2]) / 3.0;
	}

	/** A stain vector moved a little per scene: stains and scanners differ. */
	private static double[] jitter(double[] v, Random r) {
		return unit(v[0] + 0.08 * (r.nextDouble() - 0.5), v[1] + 0.08 * (r.nextDouble() - 0.5), v[2] + 0.08 * (r.nextDouble() - 0.5));
	}

	private static double[] unit(double x, double y, double z) {
		double l = Math.sqrt(x * x + y * y + z * z);
		return new double[] { x / l, y / l, z / l };
	}

	/** Inverse of a 3×3 matrix (rows: stain vectors), so that od = density · m gives density = od · m⁻¹. */
	private static double[][] invert(double[][] m) {
		double[][] inv = new double[3][3];
		double det = 0;
		for (int c = 0; c < 3; c++) det += m[0][c] * (m[1][(c + 1) % 3] * m[2][(c + 2) % 3] - m[1][(c + 2) % 3] * m[2][(c + 1) % 3]);
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++)
				inv[j][i] = (m[(i + 1) % 3][(j + 1) % 3] * m[(i + 2) % 3][(j + 2) % 3]
					- m[(i + 1) % 3][(j + 2) % 3] * m[(i + 2) % 3][(j + 1) % 3]) / det;
		return inv;
	}
}
