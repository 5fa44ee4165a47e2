package sc.fiji.deepmac.evaluate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
import sc.fiji.deepmac.train.DsbData;
import sc.fiji.deepmac.train.LabelImages;

/**
 * Mean instance IoU with ground-truth boxes as prompts: every instance of {@code NAME_labels.png} gives its tight
 * box, the image and all its boxes go through the real pipeline ({@link DeepMacSegmenter}), and each
 * instance's label in the output is compared with the ground truth; beside the filled-box and Otsu-in-box
 * baselines on the same 8-bit plane the model sees.
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

	/** Scores every image; prints one line per image to {@code log} if given; returns per-image scores and the total last. */
	public List<Score> evaluate(List<Path> images, PrintStream log) {
		List<Score> scores = new ArrayList<>();
		int n = 0;
		double m = 0, b = 0, o = 0;
		for (Path image : images) {
			Score s = evaluate(image);
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
		ImagePlus image = IJ.openImage(imageFile.toString());
		if (image == null) throw new IllegalArgumentException("Cannot open " + imageFile);
		int[] size = new int[2];
		int[] truth;
		try {
			truth = LabelImages.readLabels(DsbData.labelsOf(imageFile), size);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		int w = image.getWidth(), h = image.getHeight();
		if (size[0] != w || size[1] != h) throw new IllegalArgumentException("Labels of " + imageFile + " differ in size");
		int max = LabelImages.max(truth);
		int[][] bounds = LabelImages.bounds(truth, w, max);
		// renumber the present labels 1..n in box order
		int[] index = new int[max + 1];
		List<Box> boxes = new ArrayList<>();
		List<int[]> boxBounds = new ArrayList<>();
		for (int l = 1; l <= max; l++) {
			if (bounds[l] == null) continue;
			int[] bb = bounds[l];
			boxes.add(Box.of("gt-" + l, bb[0], bb[1], bb[2] - bb[0] + 1, bb[3] - bb[1] + 1));
			boxBounds.add(bb);
			index[l] = boxes.size();
		}
		String name = imageFile.getFileName().toString();
		if (boxes.isEmpty()) return new Score(name, 0, 0, 0, 0);
		int[] gt = new int[truth.length];
		for (int i = 0; i < truth.length; i++) gt[i] = truth[i] > 0 ? index[truth[i]] : 0;

		SegmentationResult result = new DeepMacSegmenter(model, options).segment(image, boxes, ProgressListener.NONE);
		ImageProcessor labels = result.labels().getProcessor();
		int[] predicted = new int[w * h];
		for (int i = 0; i < predicted.length; i++) predicted[i] = (int) labels.getf(i);
		double[] iou = InstanceIoU.perInstance(gt, predicted, boxes.size());
		if (overlays != null) {
			try {
				java.nio.file.Files.createDirectories(overlays);
				String stem = sc.fiji.deepmac.io.OutputSet.stem(imageFile);
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
		for (int k = 1; k <= boxes.size(); k++) {
			int[] bb = boxBounds.get(k - 1);
			model += Double.isNaN(iou[k - 1]) ? 0 : iou[k - 1];
			box += BoxBaselines.filledBox(gt, w, k, bb[0], bb[1], bb[2], bb[3]);
			boolean[] mask = BoxBaselines.otsuInBox(gray, w, h, bb[0], bb[1], bb[2], bb[3]);
			boolean[] target = new boolean[gt.length];
			for (int i = 0; i < gt.length; i++) target[i] = gt[i] == k;
			otsu += InstanceIoU.of(mask, target);
		}
		return new Score(name, boxes.size(), model, box, otsu);
	}
}
