package sc.fiji.deepmac.evaluate;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import sc.fiji.deepmac.train.Augment;
import sc.fiji.deepmac.train.Scene;
import sc.fiji.deepmac.train.SyntheticScenes;

/**
 * Writes a synthetic evaluation set like shared/data/dsb2018: {@code NAME.png} (8-bit gray, 8-bit RGB or 16-bit
 * gray with an arbitrary range) with {@code NAME_labels.png} (16-bit instance labels), from a seed and a class
 * group, so the seen / unseen figures can be reproduced.
 */
public final class SyntheticDataset {

	private SyntheticDataset() {}

	public static List<Path> write(Path dir, int count, int[] classes, long seed) throws IOException {
		return write(dir, count, classes, seed, false);
	}

	/** As above; {@code clean} scenes are {@link SyntheticScenes#renderClean} ones, without further augmentation. */
	public static List<Path> write(Path dir, int count, int[] classes, long seed, boolean clean) throws IOException {
		Files.createDirectories(dir);
		List<Path> out = new ArrayList<>();
		boolean[] masked = SyntheticScenes.maskedClasses(true);
		for (int i = 0; i < count; i++) {
			Random r = new Random(seed * 1_000_003L + i);
			int size = 256 + 32 * r.nextInt(7);
			Scene s;
			if (clean) s = SyntheticScenes.renderClean(r, size, classes, 24, size * 0.4);
			else {
				s = SyntheticScenes.render(r, size, classes, masked, 20, size * 0.45);
				Augment.photometric(s.rgb(), size, size, r);
			}
			String name = String.format("synthetic-%03d", i);
			Path image = dir.resolve(name + ".png");
			int kind = r.nextInt(3); // 0: 8-bit gray, 1: 8-bit RGB, 2: 16-bit gray
			BufferedImage img = new BufferedImage(size, size, kind == 0 ? BufferedImage.TYPE_BYTE_GRAY
				: kind == 1 ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_USHORT_GRAY);
			WritableRaster raster = img.getRaster();
			double gain = 4 + r.nextDouble() * 200, offset = r.nextInt(2000);
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++) {
					int p = y * size + x;
					float red = s.rgb()[3 * p], green = s.rgb()[3 * p + 1], blue = s.rgb()[3 * p + 2];
					if (kind == 1) {
						raster.setSample(x, y, 0, Math.round(red));
						raster.setSample(x, y, 1, Math.round(green));
						raster.setSample(x, y, 2, Math.round(blue));
					}
					else {
						double g = (red + green + blue) / 3;
						raster.setSample(x, y, 0, kind == 0 ? (int) Math.round(g) : (int) Math.min(65535, Math.round(offset + g * gain)));
					}
				}
			ImageIO.write(img, "png", image.toFile());
			BufferedImage labels = new BufferedImage(size, size, BufferedImage.TYPE_USHORT_GRAY);
			labels.getRaster().setSamples(0, 0, size, size, 0, s.labels());
			ImageIO.write(labels, "png", dir.resolve(name + "_labels.png").toFile());
			out.add(image);
		}
		return out;
	}
}
