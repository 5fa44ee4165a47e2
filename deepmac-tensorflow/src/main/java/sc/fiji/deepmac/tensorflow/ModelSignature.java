package sc.fiji.deepmac.tensorflow;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

import sc.fiji.deepmac.engine.spi.EngineException;

/** The Deep-MAC model contract: what the serving signature must be. */
public final class ModelSignature {

	public static final String SIGNATURE = "serving_default";
	public static final String IMAGE_INPUT = "input_tensor";
	public static final String BOXES_INPUT = "boxes";
	public static final String MASKS_OUTPUT = "detection_masks";
	/** Two-stage signatures: {@code input_tensor} to the features below, and those and {@code boxes} to masks. */
	public static final String FEATURES_SIGNATURE = "image_features";
	public static final String MASKS_SIGNATURE = "masks_from_features";
	public static final String PIXEL_EMBEDDING = "pixel_embedding";
	public static final String INSTANCE_EMBEDDING = "instance_embedding";
	public static final String IMAGE_SCALE = "image_scale";
	static final String EXPECTED = "serving_default: input_tensor uint8 [1,H,W,3], boxes float32 [1,N,4] -> "
		+ "detection_masks float32 [1,N,S,S]";

	private ModelSignature() {}

	/** Checks a loaded signature against the contract. */
	static void check(Path folder, SignatureDef signature, Collection<String> available) {
		if (signature == null) throw new EngineException(EngineException.Kind.MODEL, "Model " + folder + " has no '" + SIGNATURE
			+ "' signature (found " + available + "); expected " + EXPECTED);
		Map<String, TensorInfo> in = signature.getInputsMap();
		Map<String, TensorInfo> out = signature.getOutputsMap();
		boolean ok = in.size() == 2 && matches(in.get(IMAGE_INPUT), DataType.DT_UINT8, 4, 3)
			&& matches(in.get(BOXES_INPUT), DataType.DT_FLOAT, 3, 4)
			&& matches(out.get(MASKS_OUTPUT), DataType.DT_FLOAT, 4, -1);
		if (!ok) throw new EngineException(EngineException.Kind.MODEL, "Model " + folder + " has the wrong signature: expected " + EXPECTED
			+ "; found " + describe(in) + " -> " + describe(out));
	}

	/**
	 * Whether the model exports the two-stage signatures: {@value #FEATURES_SIGNATURE} from {@code input_tensor}
	 * alone, and {@value #MASKS_SIGNATURE} from its outputs and {@code boxes} to {@code detection_masks}.
	 */
	static boolean twoStage(Map<String, SignatureDef> signatures) {
		SignatureDef features = signatures.get(FEATURES_SIGNATURE), masks = signatures.get(MASKS_SIGNATURE);
		if (features == null || masks == null) return false;
		Map<String, TensorInfo> in = features.getInputsMap();
		boolean imageIn = in.size() == 1 && matches(in.get(IMAGE_INPUT), DataType.DT_UINT8, 4, 3);
		java.util.Set<String> expected = new java.util.HashSet<>(features.getOutputsMap().keySet());
		expected.add(BOXES_INPUT);
		return imageIn && masks.getInputsMap().keySet().equals(expected)
			&& matches(masks.getInputsMap().get(BOXES_INPUT), DataType.DT_FLOAT, 3, 4)
			&& matches(masks.getOutputsMap().get(MASKS_OUTPUT), DataType.DT_FLOAT, 4, -1);
	}

	private static boolean matches(TensorInfo info, DataType type, int rank, int lastDim) {
		if (info == null || info.getDtype() != type) return false;
		TensorShapeProto shape = info.getTensorShape();
		if (shape.getUnknownRank()) return true;
		if (shape.getDimCount() != rank) return false;
		long last = shape.getDim(rank - 1).getSize();
		return lastDim < 0 || last < 0 || last == lastDim;
	}

	static String describe(Map<String, TensorInfo> tensors) {
		return tensors.entrySet().stream().sorted(Map.Entry.comparingByKey())
			.map(e -> e.getKey() + " " + typeName(e.getValue().getDtype()) + " " + shape(e.getValue().getTensorShape()))
			.collect(Collectors.joining(", ", "{", "}"));
	}

	private static String typeName(DataType type) {
		return type == DataType.DT_FLOAT ? "float32" : type.name().replace("DT_", "").toLowerCase(java.util.Locale.ROOT);
	}

	private static String shape(TensorShapeProto shape) {
		if (shape.getUnknownRank()) return "[?]";
		return shape.getDimList().stream().map(d -> d.getSize() < 0 ? "?" : Long.toString(d.getSize()))
			.collect(Collectors.joining(",", "[", "]"));
	}
}
