package sc.fiji.deepmac.options;

import java.util.Objects;

import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.segment.SegmentationOptions;

/**
 * A run's checked options ({@link RunOptions#parse}).
 *
 * @param model a model folder or an installed model's name; blank for the default model
 * @param trustModel whether the model runs without the check of its ops (the user trusts it)
 */
public record RunSettings(String model, ComputeDevice device, SegmentationOptions options, UnpositionedRois unpositioned,
	Outputs outputs, boolean trustModel) implements java.io.Serializable
{
	public RunSettings {
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(device, "device");
		Objects.requireNonNull(options, "options");
		Objects.requireNonNull(unpositioned, "unpositioned");
		Objects.requireNonNull(outputs, "outputs");
	}

	/** Every option at its default. */
	public static RunSettings defaults() {
		return RunOptions.parse(java.util.Map.of());
	}

	/** These settings with another model (a folder or an installed model's name). */
	public RunSettings withModel(String other) {
		return new RunSettings(other, device, options, unpositioned, outputs, trustModel);
	}
}
