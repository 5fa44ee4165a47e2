package sc.fiji.deepmac.evaluate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.image.PlaneConverter;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.RgbImage;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationOptions;
import sc.fiji.deepmac.segment.SegmentationResult;
import sc.fiji.deepmac.train.CocoData;
import sc.fiji.deepmac.train.DsbData;
import sc.fiji.deepmac.train.LabelImages;

/**
 * Mean instance IoU with ground-truth boxes as prompts: every instance of {@code NAME_labels.png} (or of a COCO
 * file's non-crowd annotations) gives its tight box, the image and all its boxes go through the real pipeline ({@link DeepMacSegmenter}), and each
 * instance's label in the output is compared with the ground truth; beside the filled-box and Otsu-in-box
 * baselines on the same 8-bit plane the model sees. COCO's crowd regions are left out of every IoU: a pixel of a
 * crowd region that no instance covers counts neither for nor against the model or a baseline.
 */
public final class Evaluator {

	/** Figures of one image, or of a whole set (sums of IoU over instances). */
	public record Score(String name, int instances, double model, double box, double otsu) {
		public double meanModel() {
			return model / instances;
		}

		public double meanBox() {
			return box / instances;
		}

		public double meanOtsu() {
			return otsu / instances;
		}
	}

	private final MaskModel model;
	private final SegmentationOptions options;
	private Path overlays;

	/** Also write {@code NAME_overlay.png} (outlines and boxes on the image) for each image into this folder. */
	public Evaluator withOverlays(Path folder) {
		this.overlays = folder;
		return this;
	}

	public Evaluator(MaskModel model, SegmentationOptions options) {
		this.model = model;
		this.options = options;
	}

	/**
	 * One image to score: its ground-truth instance labels (1..n, row-major, 0 background), the pixels that count
	 * for no instance (COCO's crowd regions; null for none), and per label whether it is scored (null: every one;
	 * the others are still prompts, so overlaps resolve as in use).
	 */
	public record Sample(String name, ImagePlus image, int[] truth, boolean[] ignore, boolean[] scored) {}

	/** Scores every image of a labelled folder ({@code NAME.png} + {@code NAME_labels.png}); see {@link #evaluateAll}. */
	public List<Score> evaluate(List<Path> images, PrintStream log) {
		return evaluateAll(images.stream().map(p -> (Supplier<Sample>) () -> labelled(p)).toList(), log);
	}

	/**
	 * Scores every image of a COCO file that lies in {@code folder}, counting the instances of the categories
	 * {@code scored} accepts; see {@link #evaluateAll}.
	 */
	public List<Score> evaluateCoco(List<CocoData.Image> images, Path folder, IntPredicate scored, PrintStream log) {
		return evaluateAll(images.stream().map(i -> (Supplier<Sample>) () -> coco(i, folder, scored)).toList(), log);
	}

	/**
	 * Scores samples, loaded one at a time; prints one line per image to {@code log} if given; returns per-image
	 * scores and the total last.
	 */
	public List<Score> evaluateAll(List<Supplier<Sample>> samples, PrintStream log) {
		List<Score> scores = new ArrayList<>();
		int n = 0;
		double m = 0, b = 0, o = 0;
		for (Supplier<Sample> sample : samples) {
			Score s = evaluate(sample.get());
			scores.add(s);
			n += s.instances();
			m += s.model();
			b += s.box();
			o += s.otsu();
			if (log != null) log.printf("%s: %d instances, IoU model %.3f, box %.3f, Otsu %.3f%n", s.name(), s.instances(),
				s.meanModel(), s.meanBox(), s.meanOtsu());
		}
		scores.add(new Score("all", n, m, b, o));
		return scores;
	}

	public Score evaluate(Path imageFile) {
		return evaluate(labelled(imageFile));
	}

	/** An image with its {@code NAME_labels.png}. */
	static Sample labelled(Path imageFile) {
		ImagePlus image = open(imageFile);
		int[] size = new int[2];
		int[] truth;
		try {
			truth = LabelImages.readLabels(DsbData.labelsOf(imageFile), size);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		if (size[0] != image.getWidth() || size[1] != image.getHeight())
			throw new IllegalArgumentException("Labels of " + imageFile + " differ in size");
		return new Sample(imageFile.getFileName().toString(), image, truth, null, null);
	}

	/** A COCO image: its non-crowd annotations as instances, its crowd regions ignored. */
	static Sample coco(CocoData.Image entry, Path folder, IntPredicate scoredCategories) {
		Path file = folder.resolve(entry.fileName());
		ImagePlus image = open(file);
		if (image.getWidth() != entry.width() || image.getHeight() != entry.height()) throw new IllegalArgumentException(
			file + " is " + image.getWidth() + " x " + image.getHeight() + ", its annotations say " + entry.width() + " x "
				+ entry.height());
		CocoData.Masks masks = CocoData.masks(entry);
		boolean[] scored = new boolean[masks.instances().size() + 1];
		for (int l = 1; l < scored.length; l++) scored[l] = scoredCategories.test(masks.instances().get(l - 1).category());
		return new Sample(entry.fileName(), image, masks.labels(), masks.ignore(), scored);
	}

	private static ImagePlus open(Path file) {
		ImagePlus image = IJ.openImage(file.toString());
		if (image == null) throw new IllegalArgumentException("Cannot open " + file);
		return image;
	}

	/** Scores one image: every instance's tight box through the pipeline, and the two baselines. */
	public Score evaluate(Sample sample) {
		ImagePlus image = sample.image();
		int[] truth = sample.truth();
		boolean[] ignore = sample.ignore();
		int w = image.getWidth(), h = image.getHeight();
		int max = LabelImages.max(truth);
		int[][] bounds = LabelImages.bounds(truth, w, max);
		// renumber the present labels 1..n in box order
		int[] index = new int[max + 1];
		List<Box> boxes = new ArrayList<>();
		List<int[]> boxBounds = new ArrayList<>();
		List<Boolean> counted = new ArrayList<>();
		for (int l = 1; l <= max; l++) {
			if (bounds[l] == null) continue;
			int[] bb = bounds[l];
			boxes.add(Box.of("gt-" + l, bb[0], bb[1], bb[2] - bb[0] + 1, bb[3] - bb[1] + 1));
			boxBounds.add(bb);
			counted.add(sample.scored() == null || sample.scored()[l]);
			index[l] = boxes.size();
		}
		String name = sample.name();
		if (boxes.isEmpty()) return new Score(name, 0, 0, 0, 0);
		int[] gt = new int[truth.length];
		for (int i = 0; i < truth.length; i++) gt[i] = truth[i] > 0 ? index[truth[i]] : 0;

		SegmentationResult result = new DeepMacSegmenter(model, options).segment(image, boxes, ProgressListener.NONE);
		ImageProcessor labels = result.labels().getProcessor();
		int[] predicted = new int[w * h];
		for (int i = 0; i < predicted.length; i++) predicted[i] = (int) labels.getf(i);
		double[] iou = InstanceIoU.perInstance(gt, predicted, boxes.size(), ignore);
		if (overlays != null) {
			try {
				java.nio.file.Files.createDirectories(overlays);
				String stem = sc.fiji.deepmac.io.OutputSet.stem(Path.of(name));
				Demo.writeOverlay(image, result.instances(), overlays.resolve(stem + "_overlay.png"));
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		RgbImage rgb = new PlaneConverter(options.normalization(), options.channel()).toRgb(image, 1, 1);
		int[] gray = new int[w * h];
		byte[] px = rgb.pixels();
		for (int i = 0; i < gray.length; i++)
			gray[i] = ((px[3 * i] & 0xff) + (px[3 * i + 1] & 0xff) + (px[3 * i + 2] & 0xff)) / 3;
		double model = 0, box = 0, otsu = 0;
		int n = 0;
		for (int k = 1; k <= boxes.size(); k++) {
			if (!counted.get(k - 1)) continue;
			n++;
			int[] bb = boxBounds.get(k - 1);
			model += Double.isNaN(iou[k - 1]) ? 0 : iou[k - 1];
			box += BoxBaselines.filledBox(gt, w, k, bb[0], bb[1], bb[2], bb[3], ignore);
			boolean[] mask = BoxBaselines.otsuInBox(gray, w, h, bb[0], bb[1], bb[2], bb[3]);
			boolean[] target = new boolean[gt.length];
			for (int i = 0; i < gt.length; i++) target[i] = gt[i] == k;
			otsu += InstanceIoU.of(mask, target, ignore);
		}
		return new Score(name, n, model, box, otsu);
	}
}
