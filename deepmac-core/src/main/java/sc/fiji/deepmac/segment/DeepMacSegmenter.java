package sc.fiji.deepmac.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.Calibration;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.BoxChecks;
import sc.fiji.deepmac.box.BoxInputException;
import sc.fiji.deepmac.box.StackShape;
import sc.fiji.deepmac.image.PercentileNormalization;
import sc.fiji.deepmac.image.PlaneConverter;
import sc.fiji.deepmac.mask.LabelColors;
import sc.fiji.deepmac.mask.LabelPlane;
import sc.fiji.deepmac.mask.EdgeSnappedMasks;
import sc.fiji.deepmac.mask.MaskReframer;
import sc.fiji.deepmac.mask.PlaneLabeler;
import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.ModelProvenance;
import sc.fiji.deepmac.model.RgbImage;
import sc.fiji.deepmac.options.RunOptions;

/**
 * The Deep-MAC pipeline: for each (slice, frame) plane that has boxes, convert the plane to the model's RGB,
 * plan context crops, run the model once per crop with all its boxes, reframe the masks into the plane as the
 * official post-processing does, and label, measure and trace them.
 */
public final class DeepMacSegmenter implements Segmenter {

	/**
	 * The most boxes passed to one model call; a crop with more is split into several calls. The model treats
	 * every box on its own, so the masks do not depend on it, but its memory grows with the boxes of a call.
	 */
	public static final int DEFAULT_BOXES_PER_CALL = 1000;

	private final MaskModel model;
	private final SegmentationOptions options;
	private final int boxesPerCall;

	/** A segmenter that passes the model at most {@link #boxesPerCall()} boxes per call. */
	public DeepMacSegmenter(MaskModel model, SegmentationOptions options) {
		this(model, options, boxesPerCall());
	}

	/** @param boxesPerCall the most boxes passed to one model call, at least 1 */
	public DeepMacSegmenter(MaskModel model, SegmentationOptions options, int boxesPerCall) {
		if (boxesPerCall < 1) throw new IllegalArgumentException("Boxes per model call must be at least 1, got " + boxesPerCall);
		this.model = model;
		this.options = options;
		this.boxesPerCall = boxesPerCall;
	}

	/** The {@value MaskModel#BOXES_PER_CALL_PROPERTY} system property, else {@link #DEFAULT_BOXES_PER_CALL}. */
	public static int boxesPerCall() {
		return Integer.getInteger(MaskModel.BOXES_PER_CALL_PROPERTY, DEFAULT_BOXES_PER_CALL);
	}

	@Override
	public SegmentationResult segment(ImagePlus image, List<Box> input, ProgressListener progress) {
		List<String> warnings = new ArrayList<>();
		List<Box> boxes = fit(image, input, warnings, progress);
		List<PlaneSegmentation> planes = new Run(image, boxes, progress).segment(Plane.all(image));
		return assemble(image, boxes, planes, model.provenance(), options, warnings, progress);
	}

	/**
	 * Segments some planes of {@code image} only, for workers that share a large stack ({@link #assemble} then puts
	 * the planes together as {@link #segment} does): the boxes are the image's, and only these planes' pixels are read.
	 *
	 * @throws BoxInputException as {@link #segment} throws it
	 */
	public List<PlaneSegmentation> segmentPlanes(ImagePlus image, List<Box> input, List<Plane> planes,
		ProgressListener progress)
	{
		List<Box> boxes = fit(image, input, new ArrayList<>(), progress);
		return new Run(image, boxes, progress).segment(planes);
	}

	/**
	 * What {@link #segment} returns, from the segmentations of the image's planes made anywhere and in any order
	 * ({@link #segmentPlanes}): the label stack, the instances in their order, the warnings and the provenance.
	 * Reads no pixels of {@code image}, only its shape, title and calibration.
	 *
	 * @param input the boxes that the planes were segmented with
	 * @param planes every plane on which a box acts; a plane without boxes may be left out
	 * @param model the model that segmented the planes
	 * @throws IllegalArgumentException when a plane on which boxes act is missing, or given twice
	 */
	public static SegmentationResult assemble(ImagePlus image, List<Box> input, List<PlaneSegmentation> planes,
		ModelProvenance model, SegmentationOptions options, ProgressListener progress)
	{
		List<String> warnings = new ArrayList<>();
		return assemble(image, fit(image, input, warnings, progress), planes, model, options, warnings, progress);
	}

	/** The boxes fitted to the image (see {@link BoxChecks#fitToImage}), its warnings told. */
	private static List<Box> fit(ImagePlus image, List<Box> input, List<String> warnings, ProgressListener progress) {
		if (image == null) throw new BoxInputException("No image to segment: open one first");
		if (input.isEmpty()) throw new BoxInputException("No boxes: draw rectangles or give a boxes file");
		List<String> fitting = new ArrayList<>();
		List<Box> boxes = BoxChecks.fitToImage(input, image.getWidth(), image.getHeight(), StackShape.of(image), fitting);
		fitting.forEach(progress::warn);
		warnings.addAll(fitting);
		return boxes;
	}

	private static SegmentationResult assemble(ImagePlus image, List<Box> boxes, List<PlaneSegmentation> planes,
		ModelProvenance model, SegmentationOptions options, List<String> warnings, ProgressListener progress)
	{
		Map<Plane, PlaneSegmentation> byPlane = new HashMap<>();
		for (PlaneSegmentation p : planes)
			if (byPlane.put(p.plane(), p) != null) throw new IllegalArgumentException("Plane " + p.plane() + " given twice");
		int slices = image.getNSlices(), frames = image.getNFrames();
		ImageStack labels = new ImageStack(image.getWidth(), image.getHeight());
		List<Instance> instances = new ArrayList<>();
		List<String> brightTails = new ArrayList<>();
		long pre = 0, run = 0, post = 0;
		int calls = 0;
		for (Plane plane : Plane.all(image)) {
			int z = plane.slice(), t = plane.frame();
			PlaneSegmentation done = byPlane.get(plane);
			if (done == null) {
				if (!boxesOn(boxes, z, t).isEmpty()) throw new IllegalArgumentException("Plane " + plane + " has boxes but "
					+ "no segmentation");
				labels.addSlice(planeName(image, z, t), new LabelPlane(image.getWidth(), image.getHeight(), boxes.size())
					.processor());
				continue;
			}
			labels.addSlice(planeName(image, z, t), done.labels().processor());
			for (PlaneLabeler.Instance found : done.found())
				instances.add(instance(image, boxes.get(found.label() - 1), found, z, t));
			if (done.brightTail()) brightTails.add(planeName(image, z, t));
			SegmentationResult.Timings timings = done.timings();
			pre += timings.preprocessNanos();
			run += timings.modelNanos();
			post += timings.postprocessNanos();
			calls += timings.modelCalls();
		}
		instances.sort(Comparator.comparingInt(Instance::label).thenComparingInt(Instance::frame)
			.thenComparingInt(Instance::slice));
		List<String> more = new ArrayList<>();
		LostMasks.warning(instances, options, slices * frames > 1).ifPresent(more::add);
		if (!brightTails.isEmpty()) more.add(brightTailWarning(brightTails, options.normalization()));
		more.forEach(progress::warn);
		warnings.addAll(more);
		ImagePlus labelImage = labelImage(image, labels, slices, frames, boxes.size());
		labelImage.setProperty("Info", provenanceInfo(model));
		return new SegmentationResult(labelImage, instances, warnings, new SegmentationResult.Timings(pre, run, post,
			calls), model);
	}

	/** One warning for every plane whose 8-bit range a small bright part set. */
	private static String brightTailWarning(List<String> brightTails, PercentileNormalization p) {
		int n = brightTails.size();
		return "the brightest part of " + (n == 1 ? "plane " : n + " planes: ") + LostMasks.names(brightTails)
			+ " is a small spot far above "
			+ "the rest (a saturated artefact?): it sets the top of the 8-bit range, so the objects come out dim for "
			+ "the model; use a lower high percentile, e.g. --percentiles " + fmt(p.low()) + "," + fmt(Math.min(99,
				p.high() - 0.5 * (100 - p.high()))) + " (dialog: " + RunOptions.PERCENTILES_LABEL + ")";
	}

	/** One segmentation of some planes: its inputs, what it has done so far and where its time went. */
	private final class Run {

		private final ImagePlus image;
		private final List<Box> boxes;
		private final ProgressListener progress;
		private final int width, height;
		private final PlaneConverter converter = new PlaneConverter(options.normalization(), options.channel());
		private final ContextCropPlanner planner = new ContextCropPlanner(model.inputSize(), options.minBoxSize());
		private final double snapRadius = options.snapEdges().radius(model.edgeSnapRadius());
		private long total, done;
		/** The plane's times and model calls so far. */
		private long pre, run, post;
		private int calls;

		Run(ImagePlus image, List<Box> boxes, ProgressListener progress) {
			this.image = image;
			this.boxes = boxes;
			this.progress = progress;
			this.width = image.getWidth();
			this.height = image.getHeight();
		}

		List<PlaneSegmentation> segment(List<Plane> planes) {
			for (Plane plane : planes)
				total += boxesOn(boxes, plane.slice(), plane.frame()).size();
			return planes.stream().map(this::segmentPlane).toList();
		}

		private PlaneSegmentation segmentPlane(Plane plane) {
			pre = run = post = 0;
			calls = 0;
			int z = plane.slice(), t = plane.frame();
			List<Integer> onPlane = boxesOn(boxes, z, t);
			PlaneLabeler labeler = new PlaneLabeler(width, height, boxes.size(), options.threshold(), options.overlap());
			if (onPlane.isEmpty()) return segmented(plane, labeler, List.of(), false);
			long start = System.nanoTime();
			RgbImage rgb = converter.toRgb(image, z, t);
			boolean brightTail = converter.brightTail();
			List<Box> planeBoxes = onPlane.stream().map(boxes::get).toList();
			List<ContextCrop> crops = planner.plan(width, height, planeBoxes);
			pre += System.nanoTime() - start;
			for (ContextCrop crop : crops) {
				if (progress.isCancelled()) throw new CancellationException("Segmentation cancelled");
				int[] labels = new int[crop.boxes().length];
				for (int i = 0; i < labels.length; i++) labels[i] = onPlane.get(crop.boxes()[i]) + 1;
				segmentCrop(rgb, planeBoxes, crop, labeler, labels);
				done += labels.length;
				progress.progress(done, total, planeName(image, z, t) + ": " + done + "/" + total + " boxes");
			}
			start = System.nanoTime();
			List<PlaneLabeler.Instance> found = labeler.instances();
			post += System.nanoTime() - start;
			return segmented(plane, labeler, found, brightTail);
		}

		private PlaneSegmentation segmented(Plane plane, PlaneLabeler labeler, List<PlaneLabeler.Instance> found,
			boolean brightTail)
		{
			return new PlaneSegmentation(plane, labeler.plane(), found, brightTail, new SegmentationResult.Timings(pre, run,
				post, calls));
		}

		/** The crop's boxes in model calls of at most {@code boxesPerCall} boxes, their masks painted into the plane. */
		private void segmentCrop(RgbImage rgb, List<Box> planeBoxes, ContextCrop crop, PlaneLabeler labeler, int[] labels) {
			long start = System.nanoTime();
			RgbImage part = rgb.crop(crop.x(), crop.y(), crop.width(), crop.height());
			pre += System.nanoTime() - start;
			int[] which = crop.boxes();
			for (int from = 0; from < which.length; from += boxesPerCall) {
				int to = Math.min(which.length, from + boxesPerCall);
				segmentCall(rgb, part, planeBoxes, crop, Arrays.copyOfRange(which, from, to), labeler,
					Arrays.copyOfRange(labels, from, to));
			}
		}

		/** One model call with the boxes {@code which} of the crop. */
		private void segmentCall(RgbImage rgb, RgbImage part, List<Box> planeBoxes, ContextCrop crop, int[] which, PlaneLabeler labeler,
			int[] labels)
		{
			long start = System.nanoTime();
			float[] inCrop = normalised(planeBoxes, which, crop.x(), crop.y(), crop.width(), crop.height());
			float[] inPlane = normalised(planeBoxes, which, 0, 0, width, height);
			long modelStart = System.nanoTime();
			BoxMasks masks = model.predict(part, inCrop);
			long modelEnd = System.nanoTime();
			labeler.paint(EdgeSnappedMasks.snap(new MaskReframer(masks, inPlane, height, width), rgb, snapRadius), labels);
			pre += modelStart - start;
			run += modelEnd - modelStart;
			post += System.nanoTime() - modelEnd;
			calls++;
		}
	}

	private static List<Integer> boxesOn(List<Box> boxes, int slice, int frame) {
		List<Integer> on = new ArrayList<>();
		for (int i = 0; i < boxes.size(); i++)
			if (boxes.get(i).actsOn(slice, frame)) on.add(i);
		return on;
	}

	/**
	 * Boxes {@code which} as the model takes them: ymin, xmin, ymax, xmax, normalised to the rectangle
	 * {@code (x0, y0, w, h)}.
	 */
	public static float[] normalised(List<Box> boxes, int[] which, int x0, int y0, int w, int h) {
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

	/** A label found in plane (z, t), its ROI named after the box, marked and positioned as the outputs want. */
	public static Instance instance(ImagePlus image, Box box, PlaneLabeler.Instance found, int z, int t) {
		Calibration cal = image.getCalibration();
		Roi roi = found.roi();
		if (roi != null) {
			roi.setName(box.name());
			LabelColors.markMask(roi);
			if (image.isHyperStack()) roi.setPosition(box.channel(), z, t);
			else if (image.getStackSize() > 1) roi.setPosition(image.getStackIndex(1, z, t));
		}
		return new Instance(found.label(), box, z, t, found.area(), found.area() * cal.pixelWidth * cal.pixelHeight,
			found.meanProbability(), roi, found.inLabels());
	}

	/** A percentile as a user types it: 99 rather than 99.0. */
	private static String fmt(double percent) {
		return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
	}

	/** A plane's name in messages: the image's title, with z and t when it has several planes. */
	public static String planeName(ImagePlus image, int z, int t) {
		return image.getNSlices() * image.getNFrames() == 1 ? image.getTitle() : image.getTitle() + " z" + z + " t" + t;
	}

	/** The label image's Info (Image > Show Info; kept in its TIFF): the model that made it. */
	private static String provenanceInfo(ModelProvenance model) {
		return "Deep-MAC model: " + model.name() + "\nDeep-MAC model folder: " + model.folder()
			+ "\nDeep-MAC model sha256: " + model.sha256() + "\n";
	}

	/** The label image of {@code image}: {@code labels} (one plane per slice and frame), its shape and calibration. */
	public static ImagePlus labelImage(ImagePlus image, ImageStack labels, int slices, int frames, int maxLabel) {
		ImagePlus out = new ImagePlus(image.getTitle() + "_labels", labels);
		out.setDimensions(1, slices, frames);
		if (slices * frames > 1 && image.isHyperStack()) out.setOpenAsHyperStack(true);
		out.setCalibration(image.getCalibration().copy());
		LabelColors.style(out, maxLabel);
		return out;
	}
}
