package sc.fiji.deepmac.cli;

import java.util.Map;

import picocli.CommandLine.Option;

import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.ModelCache;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.options.RunOptions;
import sc.fiji.deepmac.options.RunSettings;
import sc.fiji.deepmac.segment.SegmentationOptions;

/**
 * The run options that every command running a model shares, as {@link RunOptions} declares them; read as text and
 * checked by {@link RunOptions#parse}.
 */
public final class ModelOptions {

	@Option(names = "--model", paramLabel = "NAME|DIR", defaultValue = RunOptions.MODEL_DEFAULT,
		description = RunOptions.MODEL_HELP)
	String model;

	@Option(names = "--device", paramLabel = "cpu|gpu|auto", defaultValue = RunOptions.DEVICE_DEFAULT,
		description = RunOptions.DEVICE_HELP + " (default: ${DEFAULT-VALUE})")
	String device;

	@Option(names = "--threshold", paramLabel = "T", defaultValue = RunOptions.THRESHOLD_DEFAULT,
		description = RunOptions.THRESHOLD_HELP + " (default: ${DEFAULT-VALUE})")
	String threshold;

	@Option(names = "--channel", paramLabel = "C", defaultValue = RunOptions.CHANNEL_DEFAULT,
		description = RunOptions.CHANNEL_HELP + " (default: ${DEFAULT-VALUE})")
	String channel;

	@Option(names = "--min-box-size", paramLabel = "PX", defaultValue = RunOptions.MIN_BOX_SIZE_DEFAULT,
		description = RunOptions.MIN_BOX_SIZE_HELP + " (default: ${DEFAULT-VALUE})")
	String minBoxSize;

	@Option(names = "--percentiles", paramLabel = "LOW,HIGH", defaultValue = RunOptions.PERCENTILES_DEFAULT,
		description = RunOptions.PERCENTILES_HELP + " (default: ${DEFAULT-VALUE})")
	String percentiles;

	@Option(names = "--overlap", paramLabel = "RULE", defaultValue = RunOptions.OVERLAP_DEFAULT,
		description = RunOptions.OVERLAP_HELP + " (default: ${DEFAULT-VALUE})")
	String overlap;

	@Option(names = "--snap-edges", paramLabel = "auto|on|off", defaultValue = RunOptions.SNAP_EDGES_DEFAULT,
		description = RunOptions.SNAP_EDGES_HELP + " (default: ${DEFAULT-VALUE})")
	String snapEdges;

	@Option(names = "--trust-model", description = RunOptions.TRUST_MODEL_HELP)
	boolean trustModel;

	private RunSettings settings;

	/** The checked options. */
	public RunSettings settings() {
		if (settings == null) settings = RunOptions.parse(Map.of(RunOptions.MODEL, model, RunOptions.DEVICE, device,
			RunOptions.THRESHOLD, threshold, RunOptions.CHANNEL, channel, RunOptions.MIN_BOX_SIZE, minBoxSize,
			RunOptions.PERCENTILES, percentiles, RunOptions.OVERLAP, overlap, RunOptions.SNAP_EDGES, snapEdges,
			RunOptions.TRUST_MODEL, trustModel));
		return settings;
	}

	public SegmentationOptions segmentationOptions() {
		return settings().options();
	}

	/** The model that {@code --model} names (an installed model's name, a folder, or none: the default model). */
	public MaskModel load() {
		return load(settings().model());
	}

	/** The model {@code spec} names, on the device and with the trust these options say. */
	public MaskModel load(String spec) {
		RunSettings s = settings();
		return ModelCache.shared().get(ModelLocator.resolve(spec), s.device(), s.trustModel());
	}

	/** Whether {@code --model} was left out (the default model). */
	public boolean defaultModel() {
		return settings().model().isBlank();
	}
}
