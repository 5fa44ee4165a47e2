package sc.fiji.deepmac.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The nuclei of {@code shared/data/dsb2018} ({@code NAME.png} with {@code NAME_labels.png}): a deterministic
 * training / validation split by name, and the images kept in memory as bytes for cropping.
 */
public final class DsbData {

	/** Class id of nuclei (synthetic shape classes are 0..{@link SyntheticScenes#CLASSES}-1). */
	public static final int NUCLEUS_CLASS = 100;

	/**
	 * One image: interleaved RGB bytes, labels, and the median long side of its instances' boxes; per label value its
	 * class and whether its mask is trained on ({@code classOf} and {@code masked} null: every label a nucleus with a
	 * mask).
	 */
	public record Item(String name, int width, int height, byte[] rgb, int[] labels, int labelMax, double medianSize,
		int[] classOf, boolean[] masked)
	{
		/** An image whose instances are all nuclei with masks. */
		public Item(String name, int width, int height, byte[] rgb, int[] labels, int labelMax, double medianSize) {
			this(name, width, height, rgb, labels, labelMax, medianSize, null, null);
		}
	}

	private DsbData() {}

	/** The default data folder: {@code ../shared/data/dsb2018} beside the project root. */
	public static Path defaultFolder(Path projectRoot) {
		return projectRoot.toAbsolutePath().normalize().resolveSibling("shared").resolve("data").resolve("dsb2018");
	}

	/** The image files with labels in a folder (or its {@code train/} subfolder), sorted by name. */
	public static List<Path> images(Path folder) {
		Path dir = Files.isDirectory(folder.resolve("train")) ? folder.resolve("train") : folder;
		if (!Files.isDirectory(dir)) throw new IllegalArgumentException("No data folder " + folder
			+ ": expected NAME.png with NAME_labels.png (e.g. ../shared/data/dsb2018 beside the project)");
		try (Stream<Path> files = Files.list(dir)) {
			List<Path> out = files.filter(p -> {
				String n = p.getFileName().toString();
				return n.endsWith(".png") && !n.endsWith("_labels.png") && Files.isRegularFile(labelsOf(p));
			}).sorted().toList();
			if (out.isEmpty()) throw new IllegalArgumentException("No NAME.png with NAME_labels.png in " + dir);
			return out;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static Path labelsOf(Path image) {
		String n = image.getFileName().toString();
		return image.resolveSibling(n.substring(0, n.length() - 4) + "_labels.png");
	}

	/**
	 * Whether an image belongs to the validation part: a fixed fifth of the names, chosen by a hash of the name
	 * that does not depend on the folder's order or size.
	 */
	public static boolean isValidation(Path image) {
		String n = image.getFileName().toString();
		int h = 0;
		for (int i = 0; i < n.length(); i++) h = 31 * h + n.charAt(i);
		return Math.floorMod(h * 0x9E3779B1, 5) == 0;
	}

	public static List<Path> split(Path folder, boolean validation) {
		return images(folder).stream().filter(p -> isValidation(p) == validation).toList();
	}

	/** The median long side of the tight boxes of labels 1..max (NaN when none is present). */
	static double medianSide(int[] labels, int width, int max) {
		int[][] b = LabelImages.bounds(labels, width, max);
		double[] sides = Arrays.stream(b).filter(x -> x != null)
			.mapToDouble(x -> Math.max(x[2] - x[0] + 1, x[3] - x[1] + 1)).sorted().toArray();
		return sides.length == 0 ? Double.NaN : sides[sides.length / 2];
	}

	public static List<Item> load(List<Path> images) {
		List<Item> items = new ArrayList<>();
		for (Path p : images) {
			try {
				int[] size = new int[2], lsize = new int[2];
				byte[] rgb = LabelImages.readRgb(p, size);
				int[] labels = LabelImages.readLabels(labelsOf(p), lsize);
				if (size[0] != lsize[0] || size[1] != lsize[1]) continue;
				int max = LabelImages.max(labels);
				if (max == 0) continue;
				String n = p.getFileName().toString();
				items.add(new Item(n.substring(0, n.length() - 4), size[0], size[1], rgb, labels, max,
					medianSide(labels, size[0], max)));
			}
			catch (IOException e) {
				throw new UncheckedIOException("Cannot read " + p + ": " + e.getMessage(), e);
			}
		}
		return items;
	}
}
