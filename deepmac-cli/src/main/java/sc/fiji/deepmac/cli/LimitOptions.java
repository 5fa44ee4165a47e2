package sc.fiji.deepmac.cli;

import picocli.CommandLine.Option;

import sc.fiji.deepmac.batch.FileSegmentation;
import sc.fiji.deepmac.batch.ImageFiles;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.options.RunLimits;
import sc.fiji.deepmac.segment.DeepMacSegmenter;

/** The limits that keep a run's memory bounded (see docs/reliability.md); the system properties set their defaults. */
public final class LimitOptions {

	@Option(names = "--max-pixels", paramLabel = "N", description = "Largest image opened, in pixels: width x height x "
		+ "planes, as its header declares it (default: " + ImageFiles.DEFAULT_MAX_PIXELS + ", or -D"
		+ ImageFiles.MAX_PIXELS_PROPERTY + ")")
	Long maxPixels;

	@Option(names = "--boxes-per-call", paramLabel = "N", description = "Most boxes passed to one model call; more are "
		+ "split over calls with the same masks (default: " + DeepMacSegmenter.DEFAULT_BOXES_PER_CALL + ", or -D"
		+ MaskModel.BOXES_PER_CALL_PROPERTY + ")")
	Integer boxesPerCall;

	/** The limits given, the others from the system properties or their defaults. */
	public RunLimits limits() {
		RunLimits defaults = RunLimits.defaults();
		return new RunLimits(maxPixels != null ? maxPixels : defaults.maxPixels(),
			boxesPerCall != null ? boxesPerCall : defaults.boxesPerCall());
	}

	/** The segmentation of image files with these limits, its segmenter made by {@code model} on first use. */
	FileSegmentation fileSegmentation(ModelOptions model) {
		return limits().fileSegmentation(model::load, model::segmentationOptions);
	}
}
