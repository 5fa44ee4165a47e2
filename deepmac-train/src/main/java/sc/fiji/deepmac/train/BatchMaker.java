package sc.fiji.deepmac.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes training batches: each image a random crop of a nuclei image (scaled so nuclei appear as large as the
 * pipeline shows them to the model) or a synthetic scene, augmented; its boxes are the tight bounds of the
 * instances in the crop (optionally jittered), its targets the masks cropped to the boxes with crop_and_resize's
 * sampling. Batch {@code step} depends only on the seed and the step, so a resumed run sees the same data.
 */
public final class BatchMaker {

	/**
	 * What goes into a batch.
	 *
	 * @param photographSide 0, or for a model of photographs on a frozen backbone trained on them, the model's input
	 *        size: the extra images are then shown as the model sees them (long side at this size, give or take 30 %),
	 *        upright and only mirrored, in natural colours (no inverted polarity, no stain, blur or noise)
	 */
	public record Recipe(int images, int crop, int boxesPerImage, double jitter, double syntheticFraction,
		double minObject, double maxObject, int[] syntheticClasses, boolean[] maskedClasses, Photos photos,
		double extraFraction, int photographSide)
	{
		public boolean photographs() {
			return photographSide > 0;
		}

		public Recipe(int images, int crop, int boxesPerImage, double jitter, double syntheticFraction, double minObject,
			double maxObject, int[] syntheticClasses, boolean[] maskedClasses, Photos photos, double extraFraction)
		{
			this(images, crop, boxesPerImage, jitter, syntheticFraction, minObject, maxObject, syntheticClasses, maskedClasses,
				photos, extraFraction, 0);
		}
	}

	private final Recipe recipe;
	private final List<DsbData.Item> nuclei;
	private final List<DsbData.Item> extra;
	private final int maskSize;
	private final long seed;

	public BatchMaker(Recipe recipe, List<DsbData.Item> nuclei, int maskSize, long seed) {
		this(recipe, nuclei, List.of(), maskSize, seed);
	}

	/**
	 * @param extra other labelled images (pedestrians, for instance), a share {@link Recipe#extraFraction()} of the
	 *        scenes, shown with objects anywhere between the smallest and largest object size
	 */
	public BatchMaker(Recipe recipe, List<DsbData.Item> nuclei, List<DsbData.Item> extra, int maskSize, long seed) {
		this.recipe = recipe;
		this.nuclei = nuclei;
		this.extra = extra;
		if (extra.isEmpty() && recipe.extraFraction() > 0) throw new IllegalArgumentException("No extra images to train on");
		this.maskSize = maskSize;
		this.seed = seed;
		if (nuclei.isEmpty() && recipe.syntheticFraction() < 1 && recipe.extraFraction() < 1) throw new IllegalArgumentException("No nuclei images to train on");
	}

	public Batch make(long step) {
		Random r = new Random(seed * 0x5DEECE66DL + step * 0x9E3779B97F4A7C15L);
		int b = recipe.images(), t = recipe.crop(), k = recipe.boxesPerImage(), s = maskSize;
		float[] pixels = new float[b * t * t * 3];
		float[] boxes = new float[b * k * 4];
		int[] boxImage = new int[b * k];
		float[] targets = new float[b * k * s * s];
		float[] weights = new float[b * k];
		for (int i = 0; i < b; i++) {
			Scene scene = scene(r);
			if (recipe.photographs()) Augment.natural(scene.rgb(), r);
			else Augment.photometric(scene.rgb(), t, t, r);
			System.arraycopy(scene.rgb(), 0, pixels, i * t * t * 3, t * t * 3);
			List<int[]> chosen = chooseBoxes(scene, r, k);
			for (int j = 0; j < k; j++) {
				int n = i * k + j;
				boxImage[n] = i;
				if (j >= chosen.size()) {
					boxes[4 * n + 2] = boxes[4 * n + 3] = 1; // padding: a whole-image box with no loss
					continue;
				}
				int[] c = chosen.get(j); // label, xmin, ymin, xmax, ymax
				double x0 = c[1], y0 = c[2], x1 = c[3] + 1, y1 = c[4] + 1;
				if (recipe.jitter() > 0) {
					double bw = x1 - x0, bh = y1 - y0, jr = recipe.jitter();
					x0 += (2 * r.nextDouble() - 1) * jr * bw;
					x1 += (2 * r.nextDouble() - 1) * jr * bw;
					y0 += (2 * r.nextDouble() - 1) * jr * bh;
					y1 += (2 * r.nextDouble() - 1) * jr * bh;
					if (x1 - x0 < 2) x1 = x0 + 2;
					if (y1 - y0 < 2) y1 = y0 + 2;
				}
				float[] box = { (float) (y0 / t), (float) (x0 / t), (float) (y1 / t), (float) (x1 / t) };
				System.arraycopy(box, 0, boxes, 4 * n, 4);
				cropMask(scene.labels(), t, t, c[0], box, s, targets, n * s * s);
				weights[n] = scene.masked()[c[0]] && !coversCrowd(scene, x0, y0, x1, y1) ? 1 : 0;
			}
		}
		return new Batch(b, t, t, pixels, b * k, boxes, boxImage, targets, weights);
	}

	private Scene scene(Random r) {
		int t = recipe.crop();
		if (!extra.isEmpty() && r.nextDouble() < recipe.extraFraction())
			return recipe.photographs() ? photograph(extra, r) : warped(extra, r, recipe.maxObject());
		if (nuclei.isEmpty() || r.nextDouble() < recipe.syntheticFraction())
			return SyntheticScenes.render(r, t, recipe.syntheticClasses(), recipe.maskedClasses(), recipe.minObject(),
				recipe.maxObject(), recipe.photos());
		// nuclei as large as the pipeline shows them: up to half the largest object size
		return warped(nuclei, r, recipe.maxObject() / 2);
	}

	/** A random view of a random labelled image whose median object appears minObject to largest pixels long. */
	private Scene warped(List<DsbData.Item> items, Random r, double largest) {
		int t = recipe.crop();
		DsbData.Item item = items.get(r.nextInt(items.size()));
		double target = recipe.minObject() * Math.pow(largest / recipe.minObject(), r.nextDouble());
		double scale = target / Math.max(4, item.medianSize());
		double angle = r.nextDouble() < 0.5 ? r.nextInt(4) * Math.PI / 2 : r.nextDouble() * 2 * Math.PI;
		double[] c = centre(item, r);
		Scene scene = Augment.warp(item, t, scale, angle, r.nextBoolean(), c[0], c[1]);
		if (item.classOf() != null) return scene; // photographs with classes (COCO): no stain augmentation
		// stained histology from other sources: H&E made from any nuclei image, or restaining a colour one
		if (r.nextDouble() < 0.3) StainAugment.hematoxylinEosin(scene, r);
		else if (StainAugment.isColourful(scene) && r.nextDouble() < 0.5) StainAugment.jitterStains(scene, r);
		return scene;
	}

	/** Centres a view on a random foreground pixel most of the time, else anywhere. */
	private static double[] centre(DsbData.Item item, Random r) {
		double cx = r.nextDouble() * item.width(), cy = r.nextDouble() * item.height();
		for (int tries = 0; tries < 20 && r.nextDouble() < 0.9; tries++) {
			int p = r.nextInt(item.labels().length);
			if (item.labels()[p] > 0) {
				cx = p % item.width() + 0.5;
				cy = p / item.width() + 0.5;
				break;
			}
		}
		return new double[] { cx, cy };
	}

	/**
	 * A view of a random photograph at about the scale the model sees it (its long side at the input size, within
	 * 30 %), upright, mirrored half the time: what a backbone trained on upright photographs knows.
	 */
	private Scene photograph(List<DsbData.Item> items, Random r) {
		DsbData.Item item = items.get(r.nextInt(items.size()));
		double scale = recipe.photographSide() / (double) Math.max(item.width(), item.height()) * Math.exp((2 * r.nextDouble() - 1) * 0.3);
		double[] c = centre(item, r);
		return Augment.warp(item, recipe.crop(), scale, 0, r.nextBoolean(), c[0], c[1]);
	}

	/** Up to k instances large enough to learn from: {label, xmin, ymin, xmax, ymax}, in random order. */
	private static List<int[]> chooseBoxes(Scene scene, Random r, int k) {
		int max = LabelImages.max(scene.labels());
		int[][] bounds = LabelImages.bounds(scene.labels(), scene.width(), max);
		int[] area = new int[max + 1];
		for (int l : scene.labels()) if (l > 0) area[l]++;
		List<int[]> all = new ArrayList<>();
		for (int l = 1; l <= max; l++) {
			if (bounds[l] == null || area[l] < 12 || scene.classOf()[l] == CocoData.CROWD_CLASS) continue;
			int bw = bounds[l][2] - bounds[l][0] + 1, bh = bounds[l][3] - bounds[l][1] + 1;
			if (Math.max(bw, bh) < 6) continue;
			all.add(new int[] { l, bounds[l][0], bounds[l][1], bounds[l][2], bounds[l][3] });
		}
		java.util.Collections.shuffle(all, r);
		return all.size() > k ? all.subList(0, k) : all;
	}

	/**
	 * Whether the box {@code [x0, x1) x [y0, y1)} holds pixels of a crowd region (COCO): its target would call them
	 * background, which they may not be, so such a box gets no mask loss.
	 */
	private static boolean coversCrowd(Scene scene, double x0, double y0, double x1, double y1) {
		int[] classOf = scene.classOf(), labels = scene.labels();
		boolean any = false;
		for (int c : classOf) any |= c == CocoData.CROWD_CLASS;
		if (!any) return false;
		int w = scene.width(), h = scene.height();
		int xa = Math.max(0, (int) Math.floor(x0)), xb = Math.min(w, (int) Math.ceil(x1));
		int ya = Math.max(0, (int) Math.floor(y0)), yb = Math.min(h, (int) Math.ceil(y1));
		for (int y = ya; y < yb; y++)
			for (int x = xa; x < xb; x++) if (classOf[labels[y * w + x]] == CocoData.CROWD_CLASS) return true;
		return false;
	}

	/**
	 * The binary mask of one label sampled as crop_and_resize samples a box (bilinear, extrapolation 0): row i at
	 * {@code y = ymin (H-1) + i (ymax-ymin)(H-1)/(S-1)}.
	 */
	static void cropMask(int[] labels, int w, int h, int label, float[] box, int s, float[] out, int offset) {
		for (int i = 0; i < s; i++) {
			double y = box[0] * (h - 1) + i * (box[2] - box[0]) * (h - 1) / (s - 1.0);
			for (int j = 0; j < s; j++) {
				double x = box[1] * (w - 1) + j * (box[3] - box[1]) * (w - 1) / (s - 1.0);
				out[offset + i * s + j] = (float) sample(labels, w, h, label, x, y);
			}
		}
	}

	private static double sample(int[] labels, int w, int h, int label, double x, double y) {
		if (x < 0 || y < 0 || x > w - 1 || y > h - 1) return 0;
		int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
		int x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
		double fx = x - x0, fy = y - y0;
		return at(labels, w, x0, y0, label) * (1 - fx) * (1 - fy) + at(labels, w, x1, y0, label) * fx * (1 - fy)
			+ at(labels, w, x0, y1, label) * (1 - fx) * fy + at(labels, w, x1, y1, label) * fx * fy;
	}

	private static int at(int[] labels, int w, int x, int y, int label) {
		return labels[y * w + x] == label ? 1 : 0;
	}
}
