package sc.fiji.deepmac.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;

import org.tensorflow.Graph;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Reads a TensorFlow.js graph model ({@code model.json} and its {@code .bin} weight files) into a TensorFlow graph,
 * for training on a converted backbone (issue 9). {@code modelTopology} is a GraphDef in protobuf's JSON mapping;
 * the {@code weightsManifest} lists the weights in the order their bytes follow each other in the group's files
 * (little-endian), float16 ({@code quantization.dtype} float16) and uint8 / uint16 ({@code value * scale + min})
 * quantised weights are dequantised to float32, and every weight becomes the value of its Const node. The fused
 * ops TensorFlow.js writes ({@code _FusedConv2D}, and its own {@code FusedDepthwiseConv2dNative}, with fused_ops
 * {@code [BiasAdd]} optionally followed by {@code Relu} or {@code Relu6}) are rewritten into Conv2D /
 * DepthwiseConv2dNative, BiasAdd and the activation, the last of which keeps the fused node's name.
 */
public final class TfjsGraphModel {

	private static final Set<String> CONV_ATTRS = Set.of("T", "strides", "padding", "explicit_paddings", "data_format",
		"dilations", "use_cudnn_on_gpu");
	private static final Set<String> DEPTHWISE_ATTRS = Set.of("T", "strides", "padding", "explicit_paddings", "data_format",
		"dilations");

	private TfjsGraphModel() {}

	/** The model as a TensorFlow graph (the caller closes it). */
	public static Graph load(Path modelJson) throws IOException {
		GraphDef def = read(modelJson);
		Graph graph = new Graph();
		try {
			graph.importGraphDef(def);
			return graph;
		}
		catch (RuntimeException e) {
			graph.close();
			throw e;
		}
	}

	/** The model's GraphDef with its weights as constants and the fused ops rewritten. */
	public static GraphDef read(Path modelJson) throws IOException {
		JsonObject root;
		try (Reader in = Files.newBufferedReader(modelJson, StandardCharsets.UTF_8)) {
			root = JsonParser.parseReader(in).getAsJsonObject();
		}
		if (!root.has("modelTopology") || !root.has("weightsManifest"))
			throw new IOException(modelJson + " is not a TensorFlow.js graph model (no modelTopology or weightsManifest)");
		GraphDef.Builder graph = GraphDef.newBuilder();
		JsonFormat.parser().ignoringUnknownFields().merge(root.get("modelTopology").toString(), graph);
		Map<String, TensorProto> weights = weights(root.getAsJsonArray("weightsManifest"), modelJson.toAbsolutePath().getParent());
		GraphDef.Builder out = GraphDef.newBuilder(graph.build()).clearNode();
		for (NodeDef node : graph.getNodeList()) {
			TensorProto value = weights.remove(node.getName());
			if (value != null) out.addNode(node.toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(value).build())
				.putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build()));
			else if (node.getOp().equals("_FusedConv2D")) unfuse(node, "Conv2D", CONV_ATTRS, out);
			else if (node.getOp().equals("FusedDepthwiseConv2dNative")) unfuse(node, "DepthwiseConv2dNative", DEPTHWISE_ATTRS, out);
			else out.addNode(node);
		}
		if (!weights.isEmpty()) throw new IOException(modelJson + ": weights without a node: " + weights.keySet());
		return out.build();
	}

	/** Replaces a fused convolution by the convolution, BiasAdd and its activation; the last one keeps the name. */
	private static void unfuse(NodeDef node, String convOp, Set<String> convAttrs, GraphDef.Builder out) throws IOException {
		List<String> ops = new ArrayList<>();
		for (ByteString s : node.getAttrOrThrow("fused_ops").getList().getSList()) ops.add(s.toStringUtf8());
		boolean valid = !ops.isEmpty() && ops.size() <= 2 && ops.get(0).equals("BiasAdd")
			&& (ops.size() == 1 || ops.get(1).equals("Relu") || ops.get(1).equals("Relu6"));
		List<String> data = node.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
		if (!valid || data.size() != 3)
			throw new IOException("Node " + node.getName() + ": fused ops " + ops + " on " + data.size() + " inputs are not supported");
		String name = node.getName();
		NodeDef.Builder conv = NodeDef.newBuilder().setName(name + "/conv").setOp(convOp).setDevice(node.getDevice())
			.addInput(data.get(0)).addInput(data.get(1));
		node.getInputList().stream().filter(i -> i.startsWith("^")).forEach(conv::addInput);
		for (Map.Entry<String, AttrValue> a : node.getAttrMap().entrySet())
			if (convAttrs.contains(a.getKey())) conv.putAttr(a.getKey(), a.getValue());
		out.addNode(conv);
		AttrValue t = node.getAttrOrThrow("T");
		String biasName = ops.size() == 1 ? name : name + "/bias";
		NodeDef.Builder bias = NodeDef.newBuilder().setName(biasName).setOp("BiasAdd").setDevice(node.getDevice())
			.addInput(name + "/conv").addInput(data.get(2)).putAttr("T", t);
		if (node.containsAttr("data_format")) bias.putAttr("data_format", node.getAttrOrThrow("data_format"));
		out.addNode(bias);
		if (ops.size() == 2) out.addNode(NodeDef.newBuilder().setName(name).setOp(ops.get(1)).setDevice(node.getDevice())
			.addInput(biasName).putAttr("T", t));
	}

	/** The weights of the manifest as tensors, by name, read from the groups' files in order. */
	private static Map<String, TensorProto> weights(JsonArray manifest, Path folder) throws IOException {
		Map<String, TensorProto> out = new HashMap<>();
		for (JsonElement g : manifest) {
			JsonObject group = g.getAsJsonObject();
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			for (JsonElement p : group.getAsJsonArray("paths")) bytes.write(Files.readAllBytes(folder.resolve(p.getAsString())));
			ByteBuffer data = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
			for (JsonElement w : group.getAsJsonArray("weights")) {
				JsonObject weight = w.getAsJsonObject();
				String name = weight.get("name").getAsString();
				TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
				long count = 1;
				for (JsonElement d : weight.getAsJsonArray("shape")) {
					shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d.getAsLong()));
					count *= d.getAsLong();
				}
				if (count > Integer.MAX_VALUE / 4) throw new IOException("Weight " + name + " is too large");
				int n = (int) count;
				String dtype = weight.get("dtype").getAsString();
				JsonObject q = weight.has("quantization") ? weight.getAsJsonObject("quantization") : null;
				ByteBuffer values = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
				DataType type;
				try {
					type = switch (dtype) {
						case "float32" -> {
							if (q == null) for (int i = 0; i < n; i++) values.putFloat(data.getFloat());
							else dequantise(q, data, n, values, name);
							yield DataType.DT_FLOAT;
						}
						case "int32" -> {
							if (q != null) throw new IOException("Weight " + name + ": quantised int32 is not supported");
							for (int i = 0; i < n; i++) values.putInt(data.getInt());
							yield DataType.DT_INT32;
						}
						default -> throw new IOException("Weight " + name + " is of type " + dtype + ", not float32 or int32");
					};
				}
				catch (java.nio.BufferUnderflowException e) {
					throw new IOException("The weight files of " + group.getAsJsonArray("paths") + " end inside weight " + name);
				}
				out.put(name, TensorProto.newBuilder().setDtype(type).setTensorShape(shape)
					.setTensorContent(ByteString.copyFrom(values.array())).build());
			}
		}
		return out;
	}

	private static void dequantise(JsonObject q, ByteBuffer data, int n, ByteBuffer values, String name) throws IOException {
		String dtype = q.get("dtype").getAsString();
		switch (dtype) {
			case "float16" -> {
				for (int i = 0; i < n; i++) values.putFloat(halfToFloat(data.getShort()));
			}
			case "uint8", "uint16" -> {
				float scale = q.get("scale").getAsFloat(), min = q.get("min").getAsFloat();
				boolean bytes = dtype.equals("uint8");
				for (int i = 0; i < n; i++) values.putFloat((bytes ? data.get() & 0xff : data.getShort() & 0xffff) * scale + min);
			}
			default -> throw new IOException("Weight " + name + ": quantisation " + dtype + " is not supported");
		}
	}

	/** IEEE 754 half precision to single (normal, subnormal, zero, infinity, NaN). */
	static float halfToFloat(short h) {
		int sign = (h & 0x8000) << 16, exponent = (h >>> 10) & 0x1f, mantissa = h & 0x3ff;
		if (exponent == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
		if (exponent == 0) {
			float v = mantissa * 0x1p-24f;
			return sign == 0 ? v : -v;
		}
		return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
	}
}
