package sc.fiji.deepmac.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * Real photographs that synthetic scenes take backgrounds and object fills from (scripts/training-photos.sh
 * gathers sample images that Debian packages ship). Kept as RGB bytes, at most 640 pixels on the long side.
 */
public final class Photos {

	private record Photo(int width, int height, byte[] rgb) {}

	/** A view of one photograph: random photo, offset, scale and rotation. */
	public interface Patch {
		float value(double x, double y, int channel);
	}

	private final List<Photo> photos;

	private Photos(List<Photo> photos) {
		this.photos = photos;
	}

	public int size() {
		return photos.size();
	}

	public static Photos load(Path folder) {
		List<Photo> list = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path p : (Iterable<Path>) files.sorted()::iterator) {
				String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
				if (!n.endsWith(".jpg") && !n.endsWith(".png")) continue;
				BufferedImage image = ImageIO.read(p.toFile());
				if (image == null) continue;
				double s = Math.min(1, 640.0 / Math.max(image.getWidth(), image.getHeight()));
				int w = Math.max(1, (int) (image.getWidth() * s)), h = Math.max(1, (int) (image.getHeight() * s));
				byte[] rgb = new byte[3 * w * h];
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						int v = image.getRGB((int) (x / s), (int) (y / s));
						rgb[3 * (y * w + x)] = (byte) (v >> 16);
						rgb[3 * (y * w + x) + 1] = (byte) (v >> 8);
						rgb[3 * (y * w + x) + 2] = (byte) v;
					}
				list.add(new Photo(w, h, rgb));
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read photographs in " + folder + ": " + e.getMessage(), e);
		}
		if (list.isEmpty()) throw new IllegalArgumentException("No .jpg or .png photographs in " + folder
			+ " (scripts/training-photos.sh gathers some)");
		return new Photos(list);
	}

	/** A random view: photo, scale 0.5 to 2, rotation, offset; nearest-neighbour, mirrored at the borders. */
	public Patch patch(Random r) {
		Photo p = photos.get(r.nextInt(photos.size()));
		double scale = Math.exp((r.nextDouble() - 0.5) * 1.4), angle = r.nextDouble() * 2 * Math.PI;
		double ca = Math.cos(angle) * scale, sa = Math.sin(angle) * scale;
		double ox = r.nextDouble() * p.width(), oy = r.nextDouble() * p.height();
		return (x, y, c) -> {
			int sx = mirror((int) (ox + ca * x - sa * y), p.width()), sy = mirror((int) (oy + sa * x + ca * y), p.height());
			return p.rgb()[3 * (sy * p.width() + sx) + c] & 0xff;
		};
	}

	private static int mirror(int i, int n) {
		if (n == 1) return 0;
		int period = 2 * n - 2;
		i = Math.floorMod(i, period);
		return i < n ? i : period - i;
	}
}
