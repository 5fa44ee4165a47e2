package sc.fiji.deepmac.options;

import java.io.Serializable;
import java.util.function.Supplier;

import sc.fiji.deepmac.batch.FileSegmentation;
import sc.fiji.deepmac.batch.ImageFiles;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.SegmentationOptions;

/**
 * The limits that keep a run's memory bounded (docs/reliability.md), as the command line's {@code --max-pixels} and
 * {@code --boxes-per-call} give them; serializable, so that a Spark job's tasks apply the driver's.
 *
 * @param maxPixels the largest image opened, in pixels (width x height x planes, as its header declares it)
 * @param boxesPerCall the most boxes passed to one model call
 */
public record RunLimits(long maxPixels, int boxesPerCall) implements Serializable {

	public RunLimits {
		if (maxPixels < 1)
			throw new IllegalArgumentException("--max-pixels " + maxPixels + " is not a number of pixels: give 1 or more");
		if (boxesPerCall < 1)
			throw new IllegalArgumentException("--boxes-per-call " + boxesPerCall + " is not a number of boxes: give 1 or more");
	}

	/** The limits that the system properties set, else the defaults. */
	public static RunLimits defaults() {
		return new RunLimits(ImageFiles.maxPixels(), DeepMacSegmenter.boxesPerCall());
	}

	/** The segmentation of image files within these limits; its segmenter, model and options are made on first use. */
	public FileSegmentation fileSegmentation(Supplier<MaskModel> model, Supplier<SegmentationOptions> options) {
		return new FileSegmentation(() -> new DeepMacSegmenter(model.get(), options.get(), boxesPerCall), maxPixels);
	}
}
