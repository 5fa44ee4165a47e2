package sc.fiji.deepmac.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import sc.fiji.deepmac.tensorflow.TensorFlowRuntime;

/**
 * The training graph: the network with variables, the partially supervised mask loss, its gradients
 * ({@code Graph.addGradients}) and Adam updates ({@code ApplyAdam}). Weights and moments go in and out as
 * {@link ParamSet}s, so checkpoints are plain files and resuming is exact.
 */
public final class TrainGraph implements AutoCloseable {

	static final float BETA1 = 0.9f, BETA2 = 0.999f, ADAM_EPSILON = 1e-7f;
	/** Share of the learning rate that pretrained weights get: fine-tuning nudges them, the head learns from scratch. */
	static final float PRETRAINED_RATE = 0.1f;

	private final NetConfig config;
	private final Graph graph;
	private final Session session;
	private final Operand<TFloat32> images;
	private final Placeholder<TFloat32> boxes, targets, boxWeights, learningRate, beta1Power, beta2Power;
	private final Placeholder<TInt32> boxImage;
	private final Operand<TFloat32> loss, probabilities;
	private final List<Op> updates = new ArrayList<>();
	private final Map<String, VarSlot> slots = new LinkedHashMap<>();

	/**
	 * A trainable parameter: the variable, its Adam moments, the ops that load values into them, and its first
	 * values when they are given (a pretrained backbone's), else drawn as {@code init} says.
	 */
	private record VarSlot(int[] shape, Weights.Init init, float[] pretrained, Operand<TFloat32> var, Variable<TFloat32> m,
		Variable<TFloat32> v, Placeholder<TFloat32> in, Assign<TFloat32> setVar, Assign<TFloat32> setM, Assign<TFloat32> setV) {}

	/**
	 * @param threads TensorFlow intra-op threads (0 = TensorFlow's choice)
	 */
	public TrainGraph(NetConfig config, int threads) {
		this(config, threads, null);
	}

	/**
	 * @param threads TensorFlow intra-op threads (0 = TensorFlow's choice)
	 * @param tuned the backbone of a {@link NetConfig#fineTuned() fine-tuned} CenterNet network, else null
	 */
	@SuppressWarnings("unchecked")
	public TrainGraph(NetConfig config, int threads, CenterNetBackbone tuned) {
		TensorFlowRuntime.engine();
		if (config.fineTuned() != (tuned != null)) throw new IllegalArgumentException("A fine-tuned CenterNet network, and only "
			+ "that, is trained with its backbone in the graph");
		this.config = config;
		this.graph = new Graph();
		ParamSet pretrained = tuned == null ? new ParamSet() : tuned.weights();
		Map<String, String> variableOf = new LinkedHashMap<>();
		if (tuned != null) {
			// the backbone's weights as variables, made in a scratch graph and imported with the backbone reading
			// them (importGraphDef cannot wire an import into ops already in a graph)
			GraphDef variables;
			try (Graph scratch = new Graph()) {
				Ops s = Ops.create(scratch);
				for (Map.Entry<String, ParamSet.Tensor> e : pretrained.tensors().entrySet()) {
					String name = "backbone_var." + variableOf.size();
					s.withName(name).variable(shape(e.getValue().shape()), TFloat32.class);
					variableOf.put(e.getKey(), name);
				}
				variables = scratch.toGraphDef();
			}
			graph.importGraphDef(variables.toBuilder().addAllNode(tuned.readingWeightsFrom(variableOf::get).getNodeList()).build());
		}
		Ops tf = Ops.create(graph);
		images = tuned != null ? (Operand<TFloat32>) graph.output(CenterNetBackbone.INPUT)
			: tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, config.inputChannels())));
		boxes = tf.withName("boxes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
		boxImage = tf.withName("box_image").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
		int s = config.maskSize();
		targets = tf.withName("targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s)));
		boxWeights = tf.withName("box_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
		learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
		beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
		beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

		Weights weights = (name, init, shape) -> slot(tf, name, init, null,
			tf.withName("var." + name.replace('/', '.')).variable(shape(shape), TFloat32.class), shape);
		DeepMacNet net = new DeepMacNet(tf, config, weights);
		DeepMacNet.Embeddings e = tuned == null ? net.embeddingsOfFed(images)
			: net.fromCenterNet(CenterNetBackbone.features(tf.withSubScope("backbone_features"), graph));
		for (Map.Entry<String, ParamSet.Tensor> b : pretrained.tensors().entrySet())
			slot(tf, BACKBONE_PREFIX + b.getKey(), Weights.Init.ZERO, b.getValue().values(),
				(Operand<TFloat32>) graph.output(variableOf.get(b.getKey())), b.getValue().shape());
		Operand<TFloat32> logits = net.maskLogits(e, boxes, boxImage);
		probabilities = tf.math.sigmoid(logits);
		// sigmoid cross-entropy, stable form: max(x, 0) - x z + log(1 + exp(-|x|))
		Operand<TFloat32> ce = tf.math.add(tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, targets)),
			tf.math.log(tf.math.add(tf.constant(1f), tf.math.exp(tf.math.neg(tf.math.abs(logits))))));
		Operand<TFloat32> perBox = tf.math.mean(ce, tf.constant(new int[] { 1, 2 }));
		Operand<TFloat32> weighted = tf.reduceSum(tf.math.mul(perBox, boxWeights), tf.constant(0));
		loss = tf.withName("loss").math.div(weighted, tf.math.maximum(tf.reduceSum(boxWeights, tf.constant(0)), tf.constant(1f)));

		List<VarSlot> list = new ArrayList<>(slots.values());
		Output<?>[] xs = new Output<?>[list.size()];
		for (int i = 0; i < xs.length; i++) xs[i] = list.get(i).var().asOutput();
		Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
		Operand<TFloat32> pretrainedRate = tf.math.mul(learningRate, tf.constant(PRETRAINED_RATE));
		for (int i = 0; i < xs.length; i++) {
			VarSlot slot = list.get(i);
			@SuppressWarnings("unchecked")
			Operand<TFloat32> grad = (Operand<TFloat32>) grads[i];
			updates.add(tf.train.applyAdam(slot.var(), slot.m(), slot.v(), beta1Power, beta2Power,
				slot.pretrained() != null ? pretrainedRate : learningRate,
				tf.constant(BETA1), tf.constant(BETA2), tf.constant(ADAM_EPSILON), grad));
		}
		session = new Session(graph, sessionConfig(threads));
	}

	/** The CPU session of training graphs: {@code threads} intra-op threads (0 = TensorFlow's choice). */
	static ConfigProto sessionConfig(int threads) {
		ConfigProto.Builder cp = ConfigProto.newBuilder().putDeviceCount("GPU", 0);
		if (threads > 0) cp.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
		// as for inference (TfEngineModel): Grappler's memory optimizer cannot cost CropAndResize with a variable box
		// count and prints long warnings that TF_CPP_MIN_LOG_LEVEL does not silence; on a CPU it has nothing to swap
		cp.getGraphOptionsBuilder().getRewriteOptionsBuilder().setMemoryOptimization(RewriterConfig.MemOptType.NO_MEM_OPT);
		return cp.build();
	}

	/** Prefix of the backbone's weights among the trained ones ({@link CenterNetBackbone#weights()} names follow). */
	public static final String BACKBONE_PREFIX = "backbone/";

	private Operand<TFloat32> slot(Ops tf, String name, Weights.Init init, float[] pretrained, Operand<TFloat32> var, int[] shape) {
		String id = name.replace('/', '.');
		Shape sh = shape(shape);
		Variable<TFloat32> m = tf.withName("adam_m." + id).variable(sh, TFloat32.class);
		Variable<TFloat32> v = tf.withName("adam_v." + id).variable(sh, TFloat32.class);
		Placeholder<TFloat32> in = tf.withName("load." + id).placeholder(TFloat32.class, Placeholder.shape(sh));
		slots.put(name, new VarSlot(shape.clone(), init, pretrained, var, m, v, in, tf.assign(var, in), tf.assign(m, in),
			tf.assign(v, in)));
		return var;
	}

	static Shape shape(int[] shape) {
		return Shape.of(java.util.Arrays.stream(shape).mapToLong(i -> i).toArray());
	}

	public NetConfig config() {
		return config;
	}

	/** The backbone's trained weights, named as {@link CenterNetBackbone#weights()} names them. */
	public static ParamSet backboneWeights(ParamSet trained) {
		ParamSet out = new ParamSet();
		trained.tensors().forEach((name, t) -> {
			if (name.startsWith(BACKBONE_PREFIX)) out.put(name.substring(BACKBONE_PREFIX.length()), t.shape(), t.values());
		});
		return out;
	}

	/** Fresh weights (He-normal kernels, unit gains, zero biases) drawn with this seed, and zero moments. */
	public void initialise(long seed) {
		Random random = new Random(seed);
		ParamSet w = new ParamSet(), zero = new ParamSet();
		for (Map.Entry<String, VarSlot> e : slots.entrySet()) {
			VarSlot s = e.getValue();
			w.put(e.getKey(), s.shape(), s.pretrained() != null ? s.pretrained() : ParamSet.initial(s.init(), s.shape(), random));
			zero.put(e.getKey(), s.shape(), new float[ParamSet.size(s.shape())]);
		}
		load(w, zero, zero);
	}

	/** Sets weights and Adam moments. */
	public void load(ParamSet weights, ParamSet m, ParamSet v) {
		for (Map.Entry<String, VarSlot> e : slots.entrySet()) {
			VarSlot s = e.getValue();
			assign(s, s.setVar(), weights.get(e.getKey()));
			assign(s, s.setM(), m.get(e.getKey()));
			assign(s, s.setV(), v.get(e.getKey()));
		}
	}

	private void assign(VarSlot slot, Assign<TFloat32> op, ParamSet.Tensor value) {
		if (!java.util.Arrays.equals(slot.shape(), value.shape())) throw new IllegalArgumentException(
			"Checkpoint tensor has shape " + java.util.Arrays.toString(value.shape()) + ", network wants "
				+ java.util.Arrays.toString(slot.shape()) + ": was it trained with another configuration?");
		try (TFloat32 t = tensor(value.shape(), value.values())) {
			session.runner().feed(slot.in(), t).addTarget(op).run();
		}
	}

	/** Current weights (0), Adam first moments (1) and second moments (2). */
	public ParamSet[] state() {
		ParamSet[] out = { new ParamSet(), new ParamSet(), new ParamSet() };
		for (Map.Entry<String, VarSlot> e : slots.entrySet()) {
			VarSlot s = e.getValue();
			try (Result r = session.runner().fetch(s.var()).fetch(s.m()).fetch(s.v()).run()) {
				for (int k = 0; k < 3; k++) {
					float[] values = new float[ParamSet.size(s.shape())];
					((TFloat32) r.get(k)).asRawTensor().data().asFloats().read(values);
					out[k].put(e.getKey(), s.shape(), values);
				}
			}
		}
		return out;
	}

	/** The network's weights only. */
	public ParamSet weights() {
		return state()[0];
	}

	/**
	 * One Adam step on a batch.
	 *
	 * @param step 1-based step number (for Adam's bias correction)
	 * @return the loss before the update
	 */
	public float step(Batch batch, float lr, long step) {
		try (Feeds f = new Feeds(batch);
			TFloat32 rate = TFloat32.scalarOf(lr);
			TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(BETA1, step));
			TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(BETA2, step)))
		{
			Session.Runner runner = f.feed(session.runner()).feed(learningRate, rate).feed(beta1Power, b1).feed(beta2Power, b2)
				.fetch(loss);
			for (Op u : updates) runner.addTarget(u);
			try (Result r = runner.run()) {
				return ((TFloat32) r.get(0)).getFloat();
			}
		}
	}

	/** The loss on a batch, without updating. */
	public float loss(Batch batch) {
		try (Feeds f = new Feeds(batch); Result r = f.feed(session.runner()).fetch(loss).run()) {
			return ((TFloat32) r.get(0)).getFloat();
		}
	}

	/** Mask probabilities [N, S, S] for the batch's boxes, row-major. */
	public float[] predict(Batch batch) {
		try (Feeds f = new Feeds(batch); Result r = f.feed(session.runner()).fetch(probabilities).run()) {
			float[] out = new float[batch.boxCount() * config.maskSize() * config.maskSize()];
			((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(out);
			return out;
		}
	}

	/** The tensors of a batch, closed together. */
	private final class Feeds implements AutoCloseable {
		final TFloat32 img, bx, tg, wt;
		final TInt32 idx;

		Feeds(Batch b) {
			img = tensor(new int[] { b.images(), b.height(), b.width(), config.inputChannels() }, b.pixels());
			bx = tensor(new int[] { b.boxCount(), 4 }, b.boxes());
			tg = tensor(new int[] { b.boxCount(), config.maskSize(), config.maskSize() }, b.targets());
			wt = tensor(new int[] { b.boxCount() }, b.weights());
			idx = TInt32.tensorOf(Shape.of(b.boxCount()), DataBuffers.of(b.boxImage(), true, false));
		}

		Session.Runner feed(Session.Runner r) {
			return r.feed(images, img).feed(boxes, bx).feed(targets, tg).feed(boxWeights, wt).feed(boxImage, idx);
		}

		@Override
		public void close() {
			for (Tensor t : List.of(img, bx, tg, wt, idx)) t.close();
		}
	}

	static TFloat32 tensor(int[] shape, float[] values) {
		return TFloat32.tensorOf(shape(shape),
			DataBuffers.of(values, true, false));
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
