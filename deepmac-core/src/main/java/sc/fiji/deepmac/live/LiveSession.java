package sc.fiji.deepmac.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ShortProcessor;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.BoxChecks;
import sc.fiji.deepmac.box.StackShape;
import sc.fiji.deepmac.image.PlaneConverter;
import sc.fiji.deepmac.mask.LabelPlane;
import sc.fiji.deepmac.mask.BoxProbabilities;
import sc.fiji.deepmac.mask.EdgeSnappedMasks;
import sc.fiji.deepmac.mask.MaskReframer;
import sc.fiji.deepmac.mask.PlaneLabeler;
import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.ModelException;
import sc.fiji.deepmac.model.PlaneFeatures;
import sc.fiji.deepmac.model.RgbImage;
import sc.fiji.deepmac.segment.ContextCrop;
import sc.fiji.deepmac.segment.ContextCropPlanner;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.Instance;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationOptions;

/**
 * Live mode on one image: a mask for one box at a time, fast enough to follow a rectangle while it is drawn.
 * <p>
 * The model's image features of a (slice, frame) plane are computed once, on a background thread, as soon as
 * {@link #prepare} asks, and kept in a {@link FeatureCache}; a box's mask then costs only the mask head. Each mask is
 * the batch pipeline's ({@link DeepMacSegmenter}) for that box alone: the same {@link PlaneConverter} input, the same
 * {@link ContextCropPlanner} decision, {@link MaskReframer}, edge snapping, threshold and {@link PlaneLabeler} outline.
 * <ul>
 * <li>Features are of the whole plane, as the batch path's whole-plane call sees it. A box that the planner segments
 * in the whole plane (long side at least {@code minBoxSize} model-input pixels) gets its mask from them.</li>
 * <li>A smaller box in a plane larger than the model input gets, as in batch, a context crop: one full model call on
 * that crop (no features), slower but the batch result for that box alone.</li>
 * <li>A model without the two-stage signatures ({@link MaskModel#features} null) gets one full call per box.</li>
 * </ul>
 * Kept masks ({@link #keep}) go into the session's label image in place, overlaps resolved as in batch (the higher
 * probability wins); {@link #undo} takes the last one back.
 */
public final class LiveSession implements AutoCloseable {

	private static final int[] FIRST = { 0 };

	/**
	 * A box's mask in its plane: its outline for the preview, and what {@link #keep} keeps.
	 *
	 * @param probabilities the mask's probabilities in the plane, snapped to edges as in batch
	 */
	public record Mask(Box box, int slice, int frame, BoxProbabilities probabilities, PlaneLabeler.Instance found,
		boolean fromFeatures) {

		/** The mask's outline in image pixels, or null when no pixel passes the threshold. */
		public Roi outline() {
			return found.roi();
		}
	}

	private record PlaneKey(LiveSession session, int slice, int frame) {}

	private record Kept(Mask mask, int label) {}

	private final ImagePlus image;
	private final MaskModel model;
	private final SegmentationOptions options;
	private final FeatureCache cache;
	private final ProgressListener progress;
	private final int width, height;
	private final PlaneConverter converter;
	private final ContextCropPlanner planner;
	private final double snapRadius;
	private final ExecutorService background;
	private final Map<PlaneKey, Future<?>> pending = new HashMap<>();
	private final List<Kept> kept = new ArrayList<>();
	private final ImagePlus labels;
	private PlaneKey rgbKey;
	private RgbImage rgb;
	private Boolean twoStage;
	private boolean closed;

	/**
	 * @param progress hears "computing features" and "features ready" per plane, and a warning when the model has no
	 *          two-stage signatures
	 */
	public LiveSession(ImagePlus image, MaskModel model, SegmentationOptions options, FeatureCache cache,
		ProgressListener progress) {
		this.image = image;
		this.model = model;
		this.options = options;
		this.cache = cache;
		this.progress = progress;
		this.width = image.getWidth();
		this.height = image.getHeight();
		this.converter = new PlaneConverter(options.normalization(), options.channel());
		this.planner = new ContextCropPlanner(model.inputSize(), options.minBoxSize());
		this.snapRadius = options.snapEdges().radius(model.edgeSnapRadius());
		this.background = Executors.newSingleThreadExecutor(r -> {
			Thread thread = new Thread(r, "deepmac-live-features " + image.getTitle());
			thread.setDaemon(true);
			return thread;
		});
		ImageStack stack = new ImageStack(width, height);
		for (int i = image.getNSlices() * image.getNFrames(); i > 0; i--) stack.addSlice(null, new ShortProcessor(width, height));
		this.labels = DeepMacSegmenter.labelImage(image, stack, image.getNSlices(), image.getNFrames(), 0);
	}

	/**
	 * Starts computing the features of plane (slice, frame) in the background unless they are cached or on their way.
	 *
	 * @return done when the features are cached (or the model turned out to have none)
	 */
	public synchronized Future<?> prepare(int slice, int frame) {
		if (closed) throw new IllegalStateException("The live session on " + image.getTitle() + " is closed");
		PlaneKey key = new PlaneKey(this, slice, frame);
		if (Boolean.FALSE.equals(twoStage) || cache.get(key) != null) return CompletableFuture.completedFuture(null);
		return pending.computeIfAbsent(key, k -> background.submit(() -> compute(k)));
	}

	/** Whether the model computes features once per plane: null until the first features were asked for. */
	public synchronized Boolean twoStage() {
		return twoStage;
	}

	/** Whether a box on plane (slice, frame) gets its mask in milliseconds now: features cached, or none to wait for. */
	public synchronized boolean ready(int slice, int frame) {
		return Boolean.FALSE.equals(twoStage) || cache.get(new PlaneKey(this, slice, frame)) != null;
	}

	private void compute(PlaneKey key) {
		String plane = planeName(key.slice(), key.frame());
		progress.progress(0, 1, "Deep-MAC Live: computing the image features of " + plane + "...");
		long start = System.nanoTime();
		PlaneFeatures features;
		try {
			features = model.features(rgb(key.slice(), key.frame()));
		}
		finally {
			synchronized (this) {
				pending.remove(key);
			}
		}
		synchronized (this) {
			twoStage = features != null;
			if (features != null && closed) {
				features.close();
				return;
			}
			if (features != null) cache.put(key, features);
		}
		if (features == null) progress.warn("Deep-MAC Live: model " + model.name() + " exports no image_features and "
			+ "masks_from_features signatures, so each mask takes one full model call (preview on release only)");
		else progress.progress(1, 1, String.format("Deep-MAC Live: features of %s ready (%.0f ms)", plane,
			(System.nanoTime() - start) / 1e6));
	}

	/** The cached features of a plane, computed first if needed; null for a model without features. */
	private PlaneFeatures features(int slice, int frame) {
		PlaneKey key = new PlaneKey(this, slice, frame);
		// the features may be evicted between their computation and this look-up: then they are computed again
		for (int attempt = 0; attempt < 3; attempt++) {
			PlaneFeatures features = cache.get(key);
			if (features != null) return features;
			try {
				prepare(slice, frame).get();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new ModelException("Interrupted while the image features were computed", e);
			}
			catch (ExecutionException e) {
				if (e.getCause() instanceof RuntimeException r) throw r;
				throw new ModelException("The image features could not be computed: " + e.getCause(), e.getCause());
			}
			if (Boolean.FALSE.equals(twoStage())) return null;
		}
		throw new ModelException("The feature cache (" + (cache.budget() >> 20) + " MiB) cannot hold the features of "
			+ planeName(slice, frame) + ": raise " + FeatureCache.BUDGET_PROPERTY);
	}

	private synchronized RgbImage rgb(int slice, int frame) {
		PlaneKey key = new PlaneKey(this, slice, frame);
		if (!key.equals(rgbKey)) {
			rgb = converter.toRgb(image, slice, frame);
			rgbKey = key;
		}
		return rgb;
	}

	/**
	 * The mask of {@code box} on plane (slice, frame), as the batch pipeline gives it for that box alone. Waits for the
	 * plane's features if they are not ready. A box reaching past the image is clipped to it.
	 */
	public Mask mask(Box box, int slice, int frame) {
		Box fitted = BoxChecks.fitToImage(List.of(box), width, height, StackShape.of(image), new ArrayList<>()).get(0);
		List<Box> one = List.of(fitted);
		ContextCrop crop = planner.plan(width, height, one).get(0);
		float[] inPlane = DeepMacSegmenter.normalised(one, FIRST, 0, 0, width, height);
		boolean wholePlane = crop.width() == width && crop.height() == height;
		PlaneFeatures features = wholePlane ? features(slice, frame) : null;
		BoxMasks masks = features != null ? features.masks(inPlane)
			: model.predict(rgb(slice, frame).crop(crop.x(), crop.y(), crop.width(), crop.height()),
				DeepMacSegmenter.normalised(one, FIRST, crop.x(), crop.y(), crop.width(), crop.height()));
		BoxProbabilities probabilities = EdgeSnappedMasks.snap(new MaskReframer(masks, inPlane, height, width),
			rgb(slice, frame), snapRadius);
		PlaneLabeler labeler = new PlaneLabeler(width, height, 1, options.threshold());
		labeler.paint(probabilities, new int[] { 1 });
		return new Mask(fitted, slice, frame, probabilities, labeler.instances().get(0), features != null);
	}

	/**
	 * Keeps a mask: it becomes the next label of the label image (in place), and its instance is returned with its ROI
	 * named after the box and positioned on its plane; null when the mask is empty.
	 */
	public synchronized Instance keep(Mask mask) {
		if (kept.size() == LabelPlane.MAX_SHORT_LABEL) throw new IllegalStateException(
			"Live mode keeps at most " + LabelPlane.MAX_SHORT_LABEL + " masks per image");
		Kept k = new Kept(mask, kept.size() + 1);
		kept.add(k);
		return repaint(mask.slice(), mask.frame(), k);
	}

	/** Takes back the last kept mask (from the label image too); returns it, or null when none is kept. */
	public synchronized Mask undo() {
		if (kept.isEmpty()) return null;
		Kept last = kept.remove(kept.size() - 1);
		repaint(last.mask().slice(), last.mask().frame(), null);
		return last.mask();
	}

	/** How many masks are kept. */
	public synchronized int keptCount() {
		return kept.size();
	}

	/** Paints the kept masks of a plane again, overlaps as in batch, into the label image; {@code wanted}'s instance. */
	private Instance repaint(int slice, int frame, Kept wanted) {
		PlaneLabeler labeler = new PlaneLabeler(width, height, LabelPlane.MAX_SHORT_LABEL, options.threshold(),
			options.overlap());
		for (Kept k : kept)
			if (k.mask().slice() == slice && k.mask().frame() == frame)
				labeler.paint(k.mask().probabilities(), new int[] { k.label() });
		short[] plane = (short[]) labels.getStack().getPixels((frame - 1) * image.getNSlices() + slice);
		System.arraycopy((short[]) labeler.plane().processor().getPixels(), 0, plane, 0, plane.length);
		if (wanted == null) return null;
		PlaneLabeler.Instance found = labeler.instances().stream().filter(i -> i.label() == wanted.label()).findFirst()
			.orElseThrow();
		return found.roi() == null ? null : DeepMacSegmenter.instance(image, wanted.mask().box(), found, slice, frame);
	}

	/** The session's label image: label k is the k-th kept mask, updated in place by {@link #keep} and {@link #undo}. */
	public ImagePlus labels() {
		return labels;
	}

	public ImagePlus image() {
		return image;
	}

	private String planeName(int slice, int frame) {
		return DeepMacSegmenter.planeName(image, slice, frame);
	}

	/**
	 * Ends the session: features on their way are dropped when they arrive, cached ones are closed. The label image
	 * stays.
	 */
	@Override
	public void close() {
		synchronized (this) {
			if (closed) return;
			closed = true;
			pending.values().forEach(f -> f.cancel(false));
		}
		background.shutdown();
		cache.removeIf(key -> key instanceof PlaneKey p && p.session() == this);
	}

	/** Whether the background thread has finished, after {@link #close}. */
	public boolean terminated() {
		return background.isTerminated();
	}
}
