package sc.fiji.deepmac.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.Calibration;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.BoxChecks;
import sc.fiji.deepmac.box.BoxInputException;
import sc.fiji.deepmac.box.StackShape;
import sc.fiji.deepmac.image.PlaneConverter;
import sc.fiji.deepmac.mask.LabelPlane;
import sc.fiji.deepmac.mask.MaskReframer;
import sc.fiji.deepmac.mask.PlaneLabeler;
import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.RgbImage;

/**
 * The Deep-MAC pipeline: for each (slice, frame) plane that has boxes, convert the plane to the model's RGB,
 * plan context crops, run the model once per crop with all its boxes, reframe the masks into the plane as the
 * official post-processing does, and label, measure and trace them.
 */
public final class DeepMacSegmenter implements Segmenter {

	private final MaskModel model;
	private final SegmentationOptions options;

	public DeepMacSegmenter(MaskModel model, SegmentationOptions options) {
		this.model = model;
		this.options = options;
	}

	@Override
	public SegmentationResult segment(ImagePlus image, List<Box> input, ProgressListener progress) {
		if (image == null) throw new BoxInputException("No image to segment: open one first");
		if (input.isEmpty()) throw new BoxInputException("No boxes: draw rectangles or give a boxes file");
		int width = image.getWidth(), height = image.getHeight();
		StackShape shape = StackShape.of(image);
		List<String> warnings = new ArrayList<>();
		List<Box> boxes = BoxChecks.fitToImage(input, width, height, shape, warnings);
		warnings.forEach(progress::warn);

		int slices = image.getNSlices(), frames = image.getNFrames();
		long total = 0;
		for (int t = 1; t <= frames; t++)
			for (int z = 1; z <= slices; z++)
				total += boxesOn(boxes, z, t).size();

		PlaneConverter converter = new PlaneConverter(options.normalization(), options.channel());
		ContextCropPlanner planner = new ContextCropPlanner(model.inputSize(), options.minBoxSize());
		ImageStack labels = new ImageStack(width, height);
		List<Instance> instances = new ArrayList<>();
		long pre = 0, run = 0, post = 0, done = 0;
		int calls = 0;
		for (int t = 1; t <= frames; t++) {
			for (int z = 1; z <= slices; z++) {
				List<Integer> onPlane = boxesOn(boxes, z, t);
				PlaneLabeler labeler = new PlaneLabeler(width, height, boxes.size(), options.threshold());
				if (!onPlane.isEmpty()) {
					long start = System.nanoTime();
					RgbImage rgb = converter.toRgb(image, z, t);
					List<Box> planeBoxes = onPlane.stream().map(boxes::get).toList();
					List<ContextCrop> crops = planner.plan(width, height, planeBoxes);
					pre += System.nanoTime() - start;
					for (ContextCrop crop : crops) {
						if (progress.isCancelled()) throw new CancellationException("Segmentation cancelled");
						start = System.nanoTime();
						RgbImage part = rgb.crop(crop.x(), crop.y(), crop.width(), crop.height());
						float[] inCrop = normalised(planeBoxes, crop.boxes(), crop.x(), crop.y(), crop.width(), crop.height());
						float[] inPlane = normalised(planeBoxes, crop.boxes(), 0, 0, width, height);
						int[] cropLabels = new int[crop.boxes().length];
						for (int i = 0; i < cropLabels.length; i++) cropLabels[i] = onPlane.get(crop.boxes()[i]) + 1;
						long modelStart = System.nanoTime();
						pre += modelStart - start;
						BoxMasks masks = model.predict(part, inCrop);
						long modelEnd = System.nanoTime();
						run += modelEnd - modelStart;
						labeler.paint(new MaskReframer(masks, inPlane, height, width), cropLabels);
						post += System.nanoTime() - modelEnd;
						calls++;
						done += cropLabels.length;
						progress.progress(done, total, planeName(image, z, t) + ": " + done + "/" + total + " boxes");
					}
					long start2 = System.nanoTime();
					for (PlaneLabeler.Instance found : labeler.instances())
						instances.add(instance(image, boxes.get(found.label() - 1), found, z, t));
					post += System.nanoTime() - start2;
				}
				labels.addSlice(planeName(image, z, t), labeler.plane().processor());
			}
		}
		instances.sort((a, b) -> a.label() != b.label() ? Integer.compare(a.label(), b.label())
			: a.frame() != b.frame() ? Integer.compare(a.frame(), b.frame()) : Integer.compare(a.slice(), b.slice()));
		return new SegmentationResult(labelImage(image, labels, slices, frames), instances, warnings,
			new SegmentationResult.Timings(pre, run, post, calls));
	}

	private static List<Integer> boxesOn(List<Box> boxes, int slice, int frame) {
		List<Integer> on = new ArrayList<>();
		for (int i = 0; i < boxes.size(); i++)
			if (boxes.get(i).actsOn(slice, frame)) on.add(i);
		return on;
	}

	/** Boxes as the model takes them: ymin, xmin, ymax, xmax, normalised to the given rectangle. */
	private static float[] normalised(List<Box> boxes, int[] which, int x0, int y0, int w, int h) {
		float[] out = new float[4 * which.length];
		for (int i = 0; i < which.length; i++) {
			Box b = boxes.get(which[i]);
			out[4 * i] = (float) ((b.y() - y0) / h);
			out[4 * i + 1] = (float) ((b.x() - x0) / w);
			out[4 * i + 2] = (float) ((b.y() + b.height() - y0) / h);
			out[4 * i + 3] = (float) ((b.x() + b.width() - x0) / w);
		}
		return out;
	}

	private static Instance instance(ImagePlus image, Box box, PlaneLabeler.Instance found, int z, int t) {
		Calibration cal = image.getCalibration();
		Roi roi = found.roi();
		if (roi != null) {
			roi.setName(box.name());
			if (image.isHyperStack()) roi.setPosition(box.channel(), z, t);
			else if (image.getStackSize() > 1) roi.setPosition(image.getStackIndex(1, z, t));
		}
		return new Instance(found.label(), box, z, t, found.area(), found.area() * cal.pixelWidth * cal.pixelHeight,
			found.meanProbability(), roi);
	}

	private static String planeName(ImagePlus image, int z, int t) {
		return image.getNSlices() * image.getNFrames() == 1 ? image.getTitle() : image.getTitle() + " z" + z + " t" + t;
	}

	private static ImagePlus labelImage(ImagePlus image, ImageStack labels, int slices, int frames) {
		ImagePlus out = new ImagePlus(image.getTitle() + "_labels", labels);
		out.setDimensions(1, slices, frames);
		if (slices * frames > 1 && image.isHyperStack()) out.setOpenAsHyperStack(true);
		out.setCalibration(image.getCalibration().copy());
		out.getProcessor().resetMinAndMax();
		return out;
	}
}
