package sc.fiji.deepmac.train;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Reading images and 16-bit instance label images with their raw samples (no colour conversion). */
public final class LabelImages {

	private LabelImages() {}

	/** Instance labels of a {@code _labels.png} (or any 8/16-bit gray image), row-major. */
	public static int[] readLabels(Path file, int[] sizeOut) throws IOException {
		BufferedImage image = ImageIO.read(file.toFile());
		if (image == null) throw new IOException("Not an image: " + file);
		Raster r = image.getRaster();
		int w = r.getWidth(), h = r.getHeight();
		int[] labels = r.getSamples(0, 0, w, h, 0, new int[w * h]);
		sizeOut[0] = w;
		sizeOut[1] = h;
		return labels;
	}

	/** An 8-bit gray, RGB or RGBA image as interleaved RGB bytes (gray is copied to the three channels). */
	public static byte[] readRgb(Path file, int[] sizeOut) throws IOException {
		BufferedImage image = ImageIO.read(file.toFile());
		if (image == null) throw new IOException("Not an image: " + file);
		Raster r = image.getRaster();
		int w = r.getWidth(), h = r.getHeight(), bands = r.getNumBands();
		int bits = image.getColorModel().getComponentSize(0);
		byte[] out = new byte[3 * w * h];
		int[] px = new int[bands];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				r.getPixel(x, y, px);
				for (int c = 0; c < 3; c++) {
					int v = px[bands >= 3 ? c : 0];
					if (bits > 8) v >>= bits - 8;
					out[3 * (y * w + x) + c] = (byte) v;
				}
			}
		sizeOut[0] = w;
		sizeOut[1] = h;
		return out;
	}

	/** Tight bounds {xmin, ymin, xmax, ymax} (inclusive) of each label 1..max; xmin = -1 where a label is absent. */
	public static int[][] bounds(int[] labels, int width, int max) {
		int[][] b = new int[max + 1][];
		for (int i = 0; i < labels.length; i++) {
			int l = labels[i];
			if (l <= 0 || l > max) continue;
			int x = i % width, y = i / width;
			if (b[l] == null) b[l] = new int[] { x, y, x, y };
			else {
				b[l][0] = Math.min(b[l][0], x);
				b[l][1] = Math.min(b[l][1], y);
				b[l][2] = Math.max(b[l][2], x);
				b[l][3] = Math.max(b[l][3], y);
			}
		}
		return b;
	}

	public static int max(int[] labels) {
		int m = 0;
		for (int l : labels) m = Math.max(m, l);
		return m;
	}
}
