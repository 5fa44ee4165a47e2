package sc.fiji.deepmac.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

import sc.fiji.deepmac.tensorflow.TensorFlowRuntime;

class TfjsGraphModelTest {

	/** A weight: its values as the model computes with them, and its bytes as the .bin file holds them. */
	private record Weight(String name, int[] shape, float[] values, byte[] bytes, JsonObject quantization) {}

	private static float[] random(Random r, int n, java.util.function.IntFunction<Float> value) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = value.apply(r.nextInt(256));
		return v;
	}

	private static int count(int[] shape) {
		return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
	}

	private static Weight float32(Random r, String name, int... shape) {
		float[] v = random(r, count(shape), k -> (k - 128) / 100f);
		ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		for (float f : v) b.putFloat(f);
		return new Weight(name, shape, v, b.array(), null);
	}

	/** Float16 weights whose values are exact in half precision (k / 64). */
	private static Weight float16(Random r, String name, int... shape) {
		float[] v = random(r, count(shape), k -> (k / 4 - 32) / 64f);
		ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		for (float f : v) {
			int bits = Float.floatToIntBits(f);
			b.putShort(f == 0 ? 0 : (short) ((bits >>> 16) & 0x8000 | (((bits >>> 23) & 0xff) - 112) << 10 | (bits >>> 13) & 0x3ff));
		}
		JsonObject q = new JsonObject();
		q.addProperty("dtype", "float16");
		return new Weight(name, shape, v, b.array(), q);
	}

	private static Weight uint8(Random r, String name, float scale, float min, int... shape) {
		byte[] bytes = new byte[count(shape)];
		r.nextBytes(bytes);
		float[] v = new float[bytes.length];
		for (int i = 0; i < v.length; i++) v[i] = (bytes[i] & 0xff) * scale + min;
		JsonObject q = new JsonObject();
		q.addProperty("dtype", "uint8");
		q.addProperty("scale", scale);
		q.addProperty("min", min);
		return new Weight(name, shape, v, bytes, q);
	}

	private static AttrValue ints(long... values) {
		AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
		for (long v : values) l.addI(v);
		return AttrValue.newBuilder().setList(l).build();
	}

	private static AttrValue s(String value) {
		return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(value)).build();
	}

	private static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();

	/** A fused node as the TF.js converter writes it. */
	private static NodeDef fused(String name, String op, List<String> inputs, long stride, String padding, String... ops) {
		AttrValue.ListValue.Builder fusedOps = AttrValue.ListValue.newBuilder();
		for (String o : ops) fusedOps.addS(ByteString.copyFromUtf8(o));
		NodeDef.Builder n = NodeDef.newBuilder().setName(name).setOp(op).addAllInput(inputs).putAttr("T", FLOAT)
			.putAttr("strides", ints(1, stride, stride, 1)).putAttr("padding", s(padding)).putAttr("data_format", s("NHWC"))
			.putAttr("dilations", ints(1, 1, 1, 1)).putAttr("explicit_paddings", ints())
			.putAttr("fused_ops", AttrValue.newBuilder().setList(fusedOps).build())
			.putAttr("num_args", AttrValue.newBuilder().setI(1).build());
		if (op.equals("_FusedConv2D")) n.putAttr("epsilon", AttrValue.newBuilder().setF(0).build())
			.putAttr("use_cudnn_on_gpu", AttrValue.newBuilder().setB(true).build());
		return n.build();
	}

	/** A weight's Const node as TF.js writes it: dtype and shape, no content. */
	private static NodeDef constant(Weight w) {
		TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
		for (int d : w.shape()) shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
		return NodeDef.newBuilder().setName(w.name()).setOp("Const").putAttr("dtype", FLOAT)
			.putAttr("value", AttrValue.newBuilder().setTensor(org.tensorflow.proto.TensorProto.newBuilder()
				.setDtype(DataType.DT_FLOAT).setTensorShape(shape)).build()).build();
	}

	private static JsonObject group(List<Weight> weights, String... paths) {
		JsonObject g = new JsonObject();
		JsonArray p = new JsonArray(), list = new JsonArray();
		for (String path : paths) p.add(path);
		for (Weight w : weights) {
			JsonObject e = new JsonObject();
			e.addProperty("name", w.name());
			JsonArray shape = new JsonArray();
			for (int d : w.shape()) shape.add(d);
			e.add("shape", shape);
			e.addProperty("dtype", "float32");
			if (w.quantization() != null) e.add("quantization", w.quantization());
			list.add(e);
		}
		g.add("paths", p);
		g.add("weights", list);
		return g;
	}

	private static byte[] concat(List<Weight> weights) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (Weight w : weights) out.writeBytes(w.bytes());
		return out.toByteArray();
	}

	private static Operand<TFloat32> constant(Ops tf, Weight w) {
		return tf.constant(Shape.of(Arrays.stream(w.shape()).mapToLong(i -> i).toArray()), DataBuffers.of(w.values(), true, false));
	}

	@Test
	void importsFusedQuantisedOpsAsTheOpsTheyStandFor(@TempDir Path dir) throws IOException {
		TensorFlowRuntime.engine();
		Random r = new Random(3);
		Weight w1 = float16(r, "w1", 3, 3, 3, 4), b1 = float16(r, "b1", 4);
		Weight w2 = uint8(r, "w2", 0.01f, -1.2f, 3, 3, 4, 1), b2 = float32(r, "b2", 4);
		Weight w3 = float32(r, "w3", 1, 1, 4, 2), b3 = uint8(r, "b3", 0.1f, -0.2f, 2);
		GraphDef.Builder topology = GraphDef.newBuilder()
			.addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", FLOAT));
		for (Weight w : List.of(w1, b1, w2, b2, w3, b3)) topology.addNode(constant(w));
		topology.addNode(fused("conv1", "_FusedConv2D", List.of("x", "w1", "b1"), 1, "SAME", "BiasAdd", "Relu"))
			.addNode(fused("dw", "FusedDepthwiseConv2dNative", List.of("conv1", "w2", "b2"), 2, "SAME", "BiasAdd", "Relu6"))
			.addNode(fused("conv2", "_FusedConv2D", List.of("dw", "w3", "b3"), 1, "VALID", "BiasAdd"))
			.addNode(NodeDef.newBuilder().setName("out").setOp("Identity").addInput("conv2").putAttr("T", FLOAT));
		// group 1 split over two files in the middle of a weight; group 2 in one file
		byte[] first = concat(List.of(w1, b1)), second = concat(List.of(w2, b2, w3, b3));
		Files.write(dir.resolve("g1-shard1of2.bin"), Arrays.copyOfRange(first, 0, 101));
		Files.write(dir.resolve("g1-shard2of2.bin"), Arrays.copyOfRange(first, 101, first.length));
		Files.write(dir.resolve("g2.bin"), second);
		JsonObject model = new JsonObject();
		model.addProperty("format", "graph-model");
		model.add("modelTopology", JsonParser.parseString(JsonFormat.printer().print(topology)));
		JsonArray manifest = new JsonArray();
		manifest.add(group(List.of(w1, b1), "g1-shard1of2.bin", "g1-shard2of2.bin"));
		manifest.add(group(List.of(w2, b2, w3, b3), "g2.bin"));
		model.add("weightsManifest", manifest);
		Path json = dir.resolve("model.json");
		Files.writeString(json, model.toString());

		GraphDef read = TfjsGraphModel.read(json);
		assertTrue(read.getNodeList().stream().noneMatch(n -> n.getOp().startsWith("_Fused") || n.getOp().startsWith("Fused")));

		float[] input = random(r, 8 * 8 * 3, k -> k / 2f);
		float[] imported = run(TfjsGraphModel.load(json), null, input);
		try (Graph direct = new Graph()) {
			Ops tf = Ops.create(direct);
			var x = tf.withName("x").placeholder(TFloat32.class);
			List<Long> one = List.of(1L, 1L, 1L, 1L);
			var c1 = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, constant(tf, w1), one, "SAME"), constant(tf, b1)));
			var d = tf.nn.relu6(tf.nn.biasAdd(tf.nn.depthwiseConv2dNative(c1, constant(tf, w2), List.of(1L, 2L, 2L, 1L), "SAME"),
				constant(tf, b2)));
			var c2 = tf.nn.biasAdd(tf.nn.conv2d(d, constant(tf, w3), one, "VALID"), constant(tf, b3));
			tf.withName("out").identity(c2);
			float[] expected = run(null, direct, input);
			assertEquals(4 * 4 * 2, expected.length);
			assertArrayEquals(expected, imported, 1e-5f);
			// not a constant output
			assertTrue(Arrays.stream(toDouble(expected)).distinct().count() > 8);
		}

		// a weight file cut short is an error that names the weight
		Files.write(dir.resolve("g2.bin"), Arrays.copyOf(second, second.length - 1));
		IOException e = assertThrows(IOException.class, () -> TfjsGraphModel.read(json));
		assertTrue(e.getMessage().contains("b3"), e.getMessage());
	}

	private static double[] toDouble(float[] v) {
		double[] d = new double[v.length];
		for (int i = 0; i < v.length; i++) d[i] = v[i];
		return d;
	}

	/** Runs {@code out} on the input [1, 8, 8, 3]; closes {@code owned} (a graph the call owns) after. */
	private static float[] run(Graph owned, Graph borrowed, float[] input) {
		Graph g = owned != null ? owned : borrowed;
		try (Session s = new Session(g);
			TFloat32 x = TFloat32.tensorOf(Shape.of(1, 8, 8, 3), DataBuffers.of(input, true, false));
			Result r = s.runner().feed("x", x).fetch("out").run())
		{
			TFloat32 out = (TFloat32) r.get(0);
			float[] v = new float[(int) out.shape().size()];
			out.asRawTensor().data().asFloats().read(v);
			return v;
		}
		finally {
			if (owned != null) owned.close();
		}
	}

	@Test
	void halfPrecision() {
		assertEquals(-2f, TfjsGraphModel.halfToFloat((short) 0xc000));
		assertEquals(0x1p-24f, TfjsGraphModel.halfToFloat((short) 0x0001), "smallest subnormal");
		assertEquals(65504f, TfjsGraphModel.halfToFloat((short) 0x7bff), "largest normal");
		assertEquals(Float.POSITIVE_INFINITY, TfjsGraphModel.halfToFloat((short) 0x7c00));
		assertTrue(Float.isNaN(TfjsGraphModel.halfToFloat((short) 0x7e00)));
		assertEquals(-0f, TfjsGraphModel.halfToFloat((short) 0x8000));
	}
}
