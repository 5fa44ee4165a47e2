package sc.fiji.deepmac.train;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A COCO "instances" JSON file (COCO itself, or an export of CVAT, Label Studio, Roboflow): per image its
 * annotations with category, box, crowd flag and segmentation, and the masks as pixel planes.
 * <p>
 * <b>Polygons</b> are filled by the pixel-centre rule: pixel (x, y) covers [x, x+1) × [y, y+1) and belongs to the
 * mask when its centre (x + 0.5, y + 0.5) lies inside the polygon (even-odd rule; a centre on a left or top edge is
 * inside, on a right or bottom edge outside); the parts of a multi-part annotation are united. pycocotools'
 * {@code frPyObjects} samples the same centres on a 1/5-pixel approximation of the outline, so the two agree up to
 * boundary pixels, and a polygon's pixel count is close to its {@code area} (COCO gives a polygon's area from the
 * outline). <b>RLE</b>, uncompressed ({@code counts} an array) or compressed ({@code counts} pycocotools' string),
 * is column-major with runs starting with background, as pycocotools decodes it.
 * <p>
 * <b>Crowd regions</b> ({@code iscrowd} 1) are never instances: they get no box, and their pixels are ignored (see
 * {@link Masks#ignore()}). <b>Split</b>: a fixed fifth of the images, chosen by a hash of the image id
 * ({@link #isValidation(long)}), is held out from training; {@code deepmac evaluate --coco --split validation}
 * measures on it.
 */
public final class CocoData {

	/** Label value of crowd regions in a {@link Scene}'s class table: never a box, never mask loss. */
	public static final int CROWD_CLASS = -2;

	/** The 20 PASCAL VOC categories by their COCO names: the Deep-MAC paper's partially supervised classes. */
	public static final Set<String> VOC = Set.of("person", "bicycle", "car", "motorcycle", "airplane", "bus", "train",
		"boat", "bird", "cat", "dog", "horse", "sheep", "cow", "bottle", "chair", "couch", "potted plant", "dining table",
		"tv");

	/**
	 * One annotation.
	 *
	 * @param bbox x, y, width, height as the file gives it
	 * @param area the file's {@code area}, NaN when absent
	 * @param polygons polygon parts (x0, y0, x1, y1, ...), or null for RLE
	 * @param rle run lengths, column-major, background first, or null for polygons
	 */
	public record Annotation(long id, int category, double[] bbox, boolean crowd, double area, List<double[]> polygons,
		int[] rle) {}

	/** One image and its annotations in file order. */
	public record Image(long id, String fileName, int width, int height, List<Annotation> annotations) {}

	/**
	 * The masks of one image.
	 *
	 * @param labels instance k (1-based, the k-th non-crowd annotation) at its pixels; where annotations overlap, the
	 *        later one in the file
	 * @param ignore crowd pixels that belong to no instance: no prediction there counts for or against a model
	 * @param instances the non-crowd annotations, label k at index k - 1
	 */
	public record Masks(int[] labels, boolean[] ignore, List<Annotation> instances) {}

	private final List<Image> images;
	private final Map<Integer, String> categories;

	private CocoData(List<Image> images, Map<Integer, String> categories) {
		this.images = images;
		this.categories = categories;
	}

	public List<Image> images() {
		return images;
	}

	/** Category names by id. */
	public Map<Integer, String> categories() {
		return categories;
	}

	public static CocoData read(Path json) {
		try (Reader in = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
			return parse(JsonParser.parseReader(in).getAsJsonObject());
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + json + ": " + e.getMessage(), e);
		}
		catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException e) {
			throw new IllegalArgumentException(json + " is not a COCO instances file: " + e.getMessage(), e);
		}
	}

	static CocoData parse(JsonObject root) {
		Map<Integer, String> categories = new LinkedHashMap<>();
		if (root.has("categories")) for (JsonElement e : root.getAsJsonArray("categories")) {
			JsonObject c = e.getAsJsonObject();
			categories.put(c.get("id").getAsInt(), c.get("name").getAsString());
		}
		Map<Long, List<Annotation>> byImage = new LinkedHashMap<>();
		for (JsonElement e : root.getAsJsonArray("annotations")) {
			JsonObject a = e.getAsJsonObject();
			byImage.computeIfAbsent(a.get("image_id").getAsLong(), k -> new ArrayList<>()).add(annotation(a));
		}
		List<Image> images = new ArrayList<>();
		for (JsonElement e : root.getAsJsonArray("images")) {
			JsonObject i = e.getAsJsonObject();
			long id = i.get("id").getAsLong();
			images.add(new Image(id, i.get("file_name").getAsString(), i.get("width").getAsInt(), i.get("height").getAsInt(),
				Collections.unmodifiableList(byImage.getOrDefault(id, List.of()))));
		}
		return new CocoData(Collections.unmodifiableList(images), Collections.unmodifiableMap(categories));
	}

	private static Annotation annotation(JsonObject a) {
		long id = a.has("id") ? a.get("id").getAsLong() : -1;
		double[] bbox = new double[4];
		if (a.has("bbox")) {
			JsonArray b = a.getAsJsonArray("bbox");
			for (int k = 0; k < 4; k++) bbox[k] = b.get(k).getAsDouble();
		}
		boolean crowd = a.has("iscrowd") && a.get("iscrowd").getAsInt() != 0;
		double area = a.has("area") ? a.get("area").getAsDouble() : Double.NaN;
		JsonElement seg = a.get("segmentation");
		List<double[]> polygons = null;
		int[] rle = null;
		if (seg.isJsonArray()) {
			polygons = new ArrayList<>();
			for (JsonElement p : seg.getAsJsonArray()) {
				JsonArray xy = p.getAsJsonArray();
				double[] v = new double[xy.size()];
				for (int k = 0; k < v.length; k++) v[k] = xy.get(k).getAsDouble();
				if (v.length >= 6) polygons.add(v);
			}
		}
		else {
			JsonElement counts = seg.getAsJsonObject().get("counts");
			if (counts.isJsonArray()) {
				JsonArray c = counts.getAsJsonArray();
				rle = new int[c.size()];
				for (int k = 0; k < rle.length; k++) rle[k] = c.get(k).getAsInt();
			}
			else rle = decodeCounts(counts.getAsString());
		}
		return new Annotation(id, a.get("category_id").getAsInt(), bbox, crowd, area, polygons, rle);
	}

	/** pycocotools' compressed RLE string ({@code rleFrString}): 5 bits per character, deltas from the run two back. */
	static int[] decodeCounts(String s) {
		int[] counts = new int[s.length()];
		int m = 0, p = 0;
		while (p < s.length()) {
			long x = 0;
			int k = 0;
			boolean more = true;
			while (more) {
				if (p >= s.length()) throw new IllegalArgumentException("Truncated RLE string");
				int c = s.charAt(p) - 48;
				x |= (long) (c & 0x1f) << 5 * k;
				more = (c & 0x20) != 0;
				p++;
				k++;
				if (!more && (c & 0x10) != 0) x |= -1L << 5 * k;
			}
			if (m > 2) x += counts[m - 2];
			counts[m++] = (int) x;
		}
		return Arrays.copyOf(counts, m);
	}

	/**
	 * Paints an annotation's mask into a row-major plane of {@code width} × {@code height}.
	 *
	 * @return the number of pixels painted (counted once each)
	 */
	public static int paint(Annotation a, int width, int height, int[] plane, int value) {
		int painted = 0;
		if (a.rle() != null) {
			long total = (long) width * height, at = 0;
			for (int r = 0; r < a.rle().length && at < total; r++) {
				long end = Math.min(total, at + a.rle()[r]);
				if ((r & 1) == 1) for (long i = at; i < end; i++) { // column-major index i: x = i / height, y = i % height
					int x = (int) (i / height), y = (int) (i % height);
					if (plane[y * width + x] != value) painted++;
					plane[y * width + x] = value;
				}
				at = end;
			}
			return painted;
		}
		for (double[] polygon : a.polygons()) painted += fill(polygon, width, height, plane, value);
		return painted;
	}

	/** Fills one polygon by the pixel-centre, even-odd rule. */
	private static int fill(double[] xy, int width, int height, int[] plane, int value) {
		int n = xy.length / 2, painted = 0;
		double top = Double.POSITIVE_INFINITY, bottom = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			top = Math.min(top, xy[2 * i + 1]);
			bottom = Math.max(bottom, xy[2 * i + 1]);
		}
		int y0 = Math.max(0, (int) Math.ceil(top - 0.5)), y1 = Math.min(height - 1, (int) Math.ceil(bottom - 0.5) - 1);
		double[] crossings = new double[n];
		for (int y = y0; y <= y1; y++) {
			double yc = y + 0.5;
			int m = 0;
			for (int i = 0; i < n; i++) {
				double ax = xy[2 * i], ay = xy[2 * i + 1];
				int j = (i + 1) % n;
				double bx = xy[2 * j], by = xy[2 * j + 1];
				if ((ay <= yc && yc < by) || (by <= yc && yc < ay)) crossings[m++] = ax + (yc - ay) * (bx - ax) / (by - ay);
			}
			Arrays.sort(crossings, 0, m);
			for (int k = 0; k + 1 < m; k += 2) {
				int from = Math.max(0, (int) Math.ceil(crossings[k] - 0.5));
				int to = Math.min(width, (int) Math.ceil(crossings[k + 1] - 0.5));
				for (int x = from; x < to; x++) {
					if (plane[y * width + x] != value) painted++;
					plane[y * width + x] = value;
				}
			}
		}
		return painted;
	}

	/** The instance labels and crowd pixels of an image. */
	public static Masks masks(Image image) {
		int w = image.width(), h = image.height();
		int[] labels = new int[w * h], crowd = new int[w * h];
		List<Annotation> instances = new ArrayList<>();
		for (Annotation a : image.annotations()) {
			if (a.crowd()) paint(a, w, h, crowd, 1);
			else {
				instances.add(a);
				paint(a, w, h, labels, instances.size());
			}
		}
		boolean[] ignore = new boolean[w * h];
		for (int i = 0; i < ignore.length; i++) ignore[i] = crowd[i] == 1 && labels[i] == 0;
		return new Masks(labels, ignore, Collections.unmodifiableList(instances));
	}

	/**
	 * Training images: each image of {@code images} read from {@code folder}, its non-crowd annotations as labels
	 * 1..n with their category and whether {@code maskedCategories} gives them mask loss, and its crowd pixels (those
	 * of no instance) as label n + 1 of class {@link #CROWD_CLASS}: never a box, and a box over them gets no mask
	 * loss ({@link BatchMaker}). Images without instances are left out.
	 */
	public static List<DsbData.Item> items(List<Image> images, Path folder, IntPredicate maskedCategories) {
		List<DsbData.Item> items = new ArrayList<>();
		for (Image image : images) {
			Masks m = masks(image);
			int n = m.instances().size();
			double median = DsbData.medianSide(m.labels(), image.width(), n);
			if (Double.isNaN(median)) continue;
			Path file = folder.resolve(image.fileName());
			int[] size = new int[2];
			byte[] rgb;
			try {
				rgb = LabelImages.readRgb(file, size);
			}
			catch (IOException e) {
				throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
			}
			if (size[0] != image.width() || size[1] != image.height()) throw new IllegalArgumentException(file + " is "
				+ size[0] + " x " + size[1] + ", its annotations say " + image.width() + " x " + image.height());
			int[] labels = m.labels();
			int[] classOf = new int[n + 2];
			boolean[] masked = new boolean[n + 2];
			classOf[0] = -1;
			for (int k = 1; k <= n; k++) {
				classOf[k] = m.instances().get(k - 1).category();
				masked[k] = maskedCategories.test(classOf[k]);
			}
			classOf[n + 1] = CROWD_CLASS;
			for (int i = 0; i < labels.length; i++) if (m.ignore()[i]) labels[i] = n + 1;
			items.add(new DsbData.Item(image.fileName(), image.width(), image.height(), rgb, labels, n + 1, median, classOf,
				masked));
		}
		return items;
	}

	/**
	 * Whether an image is in the held-out fifth: a hash of its id, so the split does not depend on the file's order
	 * or on which other images it holds. Training ({@code deepmac train --coco}) never uses these images.
	 */
	public static boolean isValidation(long imageId) {
		return Math.floorMod(Long.hashCode(imageId * 0x9E3779B97F4A7C15L), 5) == 0;
	}

	/** The images of a split: {@code all}, {@code train} or {@code validation}. */
	public List<Image> split(String split) {
		return switch (split) {
			case "all" -> images;
			case "train" -> images.stream().filter(i -> !isValidation(i.id())).toList();
			case "validation" -> images.stream().filter(i -> isValidation(i.id())).toList();
			default -> throw new IllegalArgumentException("--split takes all, train or validation, not " + split);
		};
	}

	/**
	 * Which categories count (get mask loss in training, are scored in evaluation): {@code all}, {@code voc} (the 20
	 * PASCAL VOC categories), {@code nonvoc} (the others), or category names separated by commas ({@code person} or
	 * {@code cup,bowl}), in any case.
	 *
	 * @throws IllegalArgumentException naming a name that is not one of the file's categories
	 */
	public IntPredicate maskedCategories(String which) {
		return switch (which.toLowerCase(Locale.ROOT).trim()) {
			case "all" -> c -> true;
			case "voc" -> c -> VOC.contains(categories.get(c));
			case "nonvoc" -> c -> !VOC.contains(categories.get(c));
			default -> {
				Set<String> names = new java.util.HashSet<>();
				for (String name : which.split(",")) {
					String wanted = name.trim();
					String found = categories.values().stream().filter(n -> n.equalsIgnoreCase(wanted)).findFirst()
						.orElseThrow(() -> new IllegalArgumentException("Categories are all, voc, nonvoc or names of this "
							+ "file's categories, and '" + wanted + "' is none of them (" + categories.size()
							+ " categories, e.g. " + String.join(", ", categories.values().stream().limit(5).toList()) + ")"));
					names.add(found);
				}
				yield c -> names.contains(categories.get(c));
			}
		};
	}
}
