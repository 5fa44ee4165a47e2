package sc.fiji.deepmac.cli;

import java.util.function.Supplier;

import picocli.CommandLine.Option;

import sc.fiji.deepmac.batch.FileSegmentation;
import sc.fiji.deepmac.batch.ImageFiles;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.Segmenter;

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

	/** The segmentation of image files with these limits, its segmenter made by {@code model} on first use. */
	FileSegmentation fileSegmentation(ModelOptions model) {
		long pixels = maxPixels != null ? maxPixels : ImageFiles.maxPixels();
		int boxes = boxesPerCall != null ? boxesPerCall : DeepMacSegmenter.boxesPerCall();
		if (pixels < 1)
			throw new IllegalArgumentException("--max-pixels " + pixels + " is not a number of pixels: give 1 or more");
		if (boxes < 1)
			throw new IllegalArgumentException("--boxes-per-call " + boxes + " is not a number of boxes: give 1 or more");
		Supplier<Segmenter> segmenter = () -> new DeepMacSegmenter(model.load(), model.segmentationOptions(), boxes);
		return new FileSegmentation(segmenter, pixels);
	}
}
