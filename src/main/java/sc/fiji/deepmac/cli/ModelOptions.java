package sc.fiji.deepmac.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

import sc.fiji.deepmac.image.PercentileNormalization;
import sc.fiji.deepmac.model.DefaultModel;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.ModelCache;
import sc.fiji.deepmac.runtime.ComputeDevice;
import sc.fiji.deepmac.segment.SegmentationOptions;

/** Options that every command running a model shares. */
final class ModelOptions {

	@Option(names = "--model", paramLabel = "DIR",
		description = "Deep-MAC SavedModel folder (or one holding saved_model/); default: the installed default model")
	Path model;

	@Option(names = "--device", paramLabel = "cpu|gpu|auto", defaultValue = "auto", converter = DeviceConverter.class,
		description = "Where TensorFlow runs (default: ${DEFAULT-VALUE})")
	ComputeDevice device;

	@Option(names = "--threshold", paramLabel = "T", defaultValue = "0.5",
		description = "Mask probability threshold (default: ${DEFAULT-VALUE})")
	float threshold;

	@Option(names = "--channel", paramLabel = "C", defaultValue = "0",
		description = "Channel of multichannel images to segment on; 0 = their RGB composite (default)")
	int channel;

	@Option(names = "--min-box-size", paramLabel = "PX", defaultValue = "64",
		description = "Boxes smaller than this in the resized model input get a context crop (default: ${DEFAULT-VALUE})")
	double minBoxSize;

	@Option(names = "--percentiles", paramLabel = "LOW,HIGH", split = ",", defaultValue = "1,99.8",
		description = "Normalisation percentiles for images of more than 8 bits (default: ${DEFAULT-VALUE})")
	double[] percentiles;

	SegmentationOptions segmentationOptions() {
		if (percentiles.length != 2) throw new IllegalArgumentException("--percentiles takes two numbers: LOW,HIGH");
		return new SegmentationOptions(threshold, channel, new PercentileNormalization(percentiles[0], percentiles[1]),
			minBoxSize);
	}

	MaskModel load() {
		return ModelCache.shared().get(DefaultModel.orDefault(model), device);
	}

	static final class DeviceConverter implements picocli.CommandLine.ITypeConverter<ComputeDevice> {
		@Override
		public ComputeDevice convert(String value) {
			return ComputeDevice.parse(value);
		}
	}
}
