package sc.fiji.deepmac.options;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.image.PercentileNormalization;
import sc.fiji.deepmac.mask.EdgeSnap;
import sc.fiji.deepmac.mask.Overlap;
import sc.fiji.deepmac.segment.SegmentationOptions;

/**
 * The run options, declared once for every front end: the CLI's picocli options, the SciJava command's parameters and
 * the ImageJ 1.x dialog use these names, labels, defaults and help texts (as annotation constants where they must),
 * and every front end hands the values it read, as text, to {@link #parse} - the one place where they are checked.
 * <p>
 * Names: {@code field} is the SciJava parameter and the key of {@link #parse}; the ImageJ 1.x macro key is the first
 * word of the label, lower-cased (ImageJ shows underscores in labels as spaces); {@code cli} is the picocli option,
 * where the CLI has one.
 */
public final class RunOptions {

	/** How a front end shows an option. */
	public enum Kind {
		FOLDER, CHOICE, NUMBER, INTEGER, TEXT, CHECKBOX
	}

	/** One option: its names, default, help and, for choices, the choices. */
	public record Option(String field, String label, String cli, String defaultValue, String help, Kind kind,
		List<String> choices)
	{
		/** The key under which ImageJ 1.x macros record this option. */
		public String macroKey() {
			return label.split(" ")[0].toLowerCase(Locale.ROOT);
		}
	}

	public static final String MODEL = "model", MODEL_LABEL = "Model", MODEL_DEFAULT = "",
		MODEL_HELP = "nuclei (microscopy), objects (photographs), an installed model's name or a Deep-MAC SavedModel "
			+ "folder; empty: the default model (nuclei)";
	public static final String DEVICE = "device", DEVICE_LABEL = "Device", DEVICE_DEFAULT = "auto",
		DEVICE_HELP = "Where TensorFlow runs: auto takes a CUDA GPU when the GPU natives are installed and one is visible";
	public static final String THRESHOLD = "threshold", THRESHOLD_LABEL = "Threshold", THRESHOLD_DEFAULT = "0.5",
		THRESHOLD_HELP = "Mask probability above which a pixel belongs to the object, 0 to below 1 (official: 0.5)";
	public static final String CHANNEL = "channel", CHANNEL_LABEL = "Channel", CHANNEL_DEFAULT = "0",
		CHANNEL_HELP = "Channel of multichannel images to segment on; 0 = their RGB composite";
	public static final String MIN_BOX_SIZE = "minBoxSize", MIN_BOX_SIZE_LABEL = "Min_box_size",
		MIN_BOX_SIZE_DEFAULT = "64", MIN_BOX_SIZE_HELP = "Boxes whose long side is below this many pixels in the "
			+ "resized model input are segmented in a context crop (docs/context-crops.md)";
	public static final String PERCENTILES = "percentiles", PERCENTILES_LABEL = "Percentiles",
		PERCENTILES_DEFAULT = "1,99.8", PERCENTILES_HELP = "LOW,HIGH: the percentiles of a plane of more than 8 bits "
			+ "that become 0 and 255 for the model";
	public static final String OVERLAP = "overlap", OVERLAP_LABEL = "Overlap in labels", OVERLAP_DEFAULT = "probability",
		OVERLAP_HELP = "Which box the label image shows where masks overlap: probability (the more probable box, as the "
			+ "official post-processing), smaller on top or larger on top (nested boxes); every box keeps its own mask "
			+ "as its ROI and table row";
	public static final String SNAP_EDGES = "snapEdges", SNAP_EDGES_LABEL = "Snap_edges", SNAP_EDGES_DEFAULT = "auto",
		SNAP_EDGES_HELP = "Move mask edges onto the image's edges within a few pixels (a guided filter, docs/edges.md): "
			+ "auto as the model says (on for nuclei and objects; off for Google's models, whose masks then are exactly "
			+ "the official post-processing's), on or off";
	public static final String UNPOSITIONED = "unpositioned", UNPOSITIONED_LABEL = "Unpositioned ROIs act on",
		UNPOSITIONED_DEFAULT = "every plane",
		UNPOSITIONED_HELP = "In stacks: what a ROI without a slice or frame position acts on";
	public static final String PRODUCE = "produce", PRODUCE_LABEL = "Produce", PRODUCE_DEFAULT = "labels, ROIs and table",
		PRODUCE_HELP = "The label image, the mask ROIs and the results table, or some of them";

	public static final String TRUST_MODEL = "trustModel", TRUST_MODEL_LABEL = "Trust_this_model",
		TRUST_MODEL_DEFAULT = "false", TRUST_MODEL_HELP = "Run the model even if its graph uses operations that "
			+ "Deep-MAC models do not need (files, network, Python): only for a model from a source you trust "
			+ "(docs/models.md)";

	/** Every option, in the order the dialog shows them. */
	public static final List<Option> ALL = List.of(
		new Option(MODEL, MODEL_LABEL, "--model", MODEL_DEFAULT, MODEL_HELP, Kind.FOLDER, List.of()),
		new Option(DEVICE, DEVICE_LABEL, "--device", DEVICE_DEFAULT, DEVICE_HELP, Kind.CHOICE, List.of("auto", "cpu", "gpu")),
		new Option(THRESHOLD, THRESHOLD_LABEL, "--threshold", THRESHOLD_DEFAULT, THRESHOLD_HELP, Kind.NUMBER, List.of()),
		new Option(CHANNEL, CHANNEL_LABEL, "--channel", CHANNEL_DEFAULT, CHANNEL_HELP, Kind.INTEGER, List.of()),
		new Option(MIN_BOX_SIZE, MIN_BOX_SIZE_LABEL, "--min-box-size", MIN_BOX_SIZE_DEFAULT, MIN_BOX_SIZE_HELP, Kind.NUMBER,
			List.of()),
		new Option(PERCENTILES, PERCENTILES_LABEL, "--percentiles", PERCENTILES_DEFAULT, PERCENTILES_HELP, Kind.TEXT,
			List.of()),
		new Option(OVERLAP, OVERLAP_LABEL, "--overlap", OVERLAP_DEFAULT, OVERLAP_HELP, Kind.CHOICE, List.of(Overlap.labels())),
		new Option(SNAP_EDGES, SNAP_EDGES_LABEL, "--snap-edges", SNAP_EDGES_DEFAULT, SNAP_EDGES_HELP, Kind.CHOICE,
			List.of(EdgeSnap.labels())),
		new Option(UNPOSITIONED, UNPOSITIONED_LABEL, null, UNPOSITIONED_DEFAULT, UNPOSITIONED_HELP, Kind.CHOICE,
			List.of(UnpositionedRois.labels())),
		new Option(PRODUCE, PRODUCE_LABEL, null, PRODUCE_DEFAULT, PRODUCE_HELP, Kind.CHOICE, List.of(Outputs.CHOICES)),
		new Option(TRUST_MODEL, TRUST_MODEL_LABEL, "--trust-model", TRUST_MODEL_DEFAULT, TRUST_MODEL_HELP, Kind.CHECKBOX,
			List.of()));

	private RunOptions() {}

	/** The option called {@code field}. */
	public static Option option(String field) {
		for (Option o : ALL)
			if (o.field().equals(field)) return o;
		throw new IllegalArgumentException("No run option " + field);
	}

	/** Every option's default, by field. */
	public static Map<String, String> defaults() {
		Map<String, String> values = new LinkedHashMap<>();
		for (Option o : ALL)
			values.put(o.field(), o.defaultValue());
		return values;
	}

	/**
	 * Checks the values that a front end read (by field; a missing or null value takes its default) and gives the
	 * settings of a run.
	 *
	 * @throws UserError of kind INPUT naming the option and what it takes
	 */
	public static RunSettings parse(Map<String, ?> values) {
		Map<String, String> v = defaults();
		values.forEach((field, value) -> {
			option(field);
			if (value != null) v.put(field, value.toString().trim());
		});
		ComputeDevice device = choice(DEVICE, () -> ComputeDevice.parse(v.get(DEVICE)));
		double threshold = number(THRESHOLD, v.get(THRESHOLD));
		double channel = number(CHANNEL, v.get(CHANNEL));
		if (channel != Math.rint(channel)) throw bad(CHANNEL, v.get(CHANNEL), "a whole number");
		double minBoxSize = number(MIN_BOX_SIZE, v.get(MIN_BOX_SIZE));
		String[] percentiles = v.get(PERCENTILES).split("[,\\s]+");
		if (percentiles.length != 2) throw bad(PERCENTILES, v.get(PERCENTILES), "two numbers LOW,HIGH such as 1,99.8");
		SegmentationOptions options;
		try {
			options = new SegmentationOptions((float) threshold, (int) channel,
				new PercentileNormalization(number(PERCENTILES, percentiles[0]), number(PERCENTILES, percentiles[1])),
				minBoxSize, choice(OVERLAP, () -> Overlap.parse(v.get(OVERLAP))),
				choice(SNAP_EDGES, () -> EdgeSnap.parse(v.get(SNAP_EDGES))));
		}
		catch (IllegalArgumentException e) {
			throw new UserError(UserError.Kind.INPUT, e.getMessage());
		}
		UnpositionedRois unpositioned = choice(UNPOSITIONED, () -> UnpositionedRois.parse(v.get(UNPOSITIONED)));
		Outputs outputs = choice(PRODUCE, () -> Outputs.parse(v.get(PRODUCE)));
		String trust = v.get(TRUST_MODEL);
		if (!trust.equalsIgnoreCase("true") && !trust.equalsIgnoreCase("false")) throw bad(TRUST_MODEL, trust, "true or false");
		return new RunSettings(v.get(MODEL), device, options, unpositioned, outputs, Boolean.parseBoolean(trust));
	}

	private static double number(String field, String text) {
		try {
			double value = Double.parseDouble(text);
			if (Double.isFinite(value)) return value;
		}
		catch (NumberFormatException e) {
			// said below
		}
		throw bad(field, text, "a number");
	}

	private static <T> T choice(String field, java.util.function.Supplier<T> parse) {
		try {
			return parse.get();
		}
		catch (IllegalArgumentException e) {
			throw new UserError(UserError.Kind.INPUT, e.getMessage());
		}
	}

	private static UserError bad(String field, String text, String what) {
		Option o = option(field);
		return new UserError(UserError.Kind.INPUT, o.label().replace('_', ' ') + " '" + text + "' is not " + what
			+ " (" + o.help() + ")");
	}
}
