package sc.fiji.deepmac.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

import sc.fiji.deepmac.tensorflow.ModelSignature;
import sc.fiji.deepmac.io.AtomicFiles;
import sc.fiji.deepmac.model.SavedModelMaskModel;
import sc.fiji.deepmac.tensorflow.TensorFlowRuntime;

/**
 * Writes trained weights as a SavedModel with the official Deep-MAC signature ({@code serving_default}:
 * {@code input_tensor} uint8 [1, H, W, 3] and {@code boxes} float32 [1, N, 4] to {@code detection_masks} float32
 * [1, N, S, S]), weights frozen into constants, and {@code deepmac.properties} with the input size.
 * <p>
 * Two more signatures serve two-stage use, the image once and then masks for any number of box sets:
 * {@value ModelSignature#FEATURES_SIGNATURE} ({@code input_tensor} to {@code pixel_embedding}, {@code instance_embedding} and
 * {@code image_scale}, the resized height and width over the input size) and {@value ModelSignature#MASKS_SIGNATURE} (those
 * three and {@code boxes} to {@code detection_masks}), run by the engine for live mode.
 */
public final class ModelExporter {

	/** The threshold of a model whose probabilities are the trained head's sigmoid as it is. */
	public static final double UNSHIFTED = 0.5;

	private ModelExporter() {}

	public static Path export(NetConfig config, ParamSet weights, Path dir) {
		return export(config, weights, dir, null);
	}

	/**
	 * @param backbone the frozen backbone of a {@link NetConfig#centerNet() CenterNet} network (its weights become
	 *        constants of the model), else null
	 */
	public static Path export(NetConfig config, ParamSet weights, Path dir, CenterNetBackbone backbone) {
		return export(config, weights, dir, backbone, UNSHIFTED);
	}

	/**
	 * @param backbone as for {@link #export(NetConfig, ParamSet, Path, CenterNetBackbone)}
	 * @param maskThreshold where 0.5, the threshold of the official post-processing, falls on the trained head's
	 *        probabilities: the model gives sigmoid(logit - logit(maskThreshold)), so that what the head gave at
	 *        {@code maskThreshold} is 0.5 (a calibration chosen after training, on training images, for the best
	 *        mean IoU); {@link #UNSHIFTED} leaves the sigmoid as trained
	 */
	public static Path export(NetConfig config, ParamSet weights, Path dir, CenterNetBackbone backbone,
		double maskThreshold)
	{
		if (!(maskThreshold > 0 && maskThreshold < 1)) throw new IllegalArgumentException("The mask threshold "
			+ maskThreshold + " is not between 0 and 1 (exclusive)");
		if (config.centerNet() != (backbone != null)) throw new IllegalArgumentException(config.centerNet()
			? "A CenterNet network needs its backbone (centernet.json) to be exported" : "A U-Net network has no separate backbone");
		TensorFlowRuntime.engine();
		try {
			if (Files.exists(dir.resolve("saved_model.pb"))) {
				Files.delete(dir.resolve("saved_model.pb"));
				AtomicFiles.deleteTree(dir.resolve("variables"));
			}
			Files.createDirectories(dir);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		try (Graph g = new Graph(); Session session = new Session(g)) {
			Ops tf = Ops.create(g);
			Weights constants = (name, init, shape) -> {
				ParamSet.Tensor t = weights.get(name);
				if (!Arrays.equals(t.shape(), shape)) throw new IllegalArgumentException("Parameter " + name + " has shape "
					+ Arrays.toString(t.shape()) + ", network wants " + Arrays.toString(shape));
				return tf.constant(TrainGraph.shape(shape), DataBuffers.of(t.values(), true, false));
			};
			Inputs in = backbone == null ? inputs(g, config, constants) : splicedInputs(g, config, backbone);
			DeepMacNet net = new DeepMacNet(tf, config, constants);
			DeepMacNet.Embeddings e = backbone == null ? net.embeddings(in.padded())
				: net.fromCenterNet(CenterNetBackbone.features(tf.withSubScope("backbone_features"), g));
			Operand<TUint8> image = in.image();
			Operand<TFloat32> boxes = in.boxes();
			Operand<TFloat32> f = in.fraction();
			// boxes normalised to the image -> normalised to the padded square: scale y by h'/S and x by w'/S
			Operand<TFloat32> scale = tf.concat(java.util.List.of(f, f), tf.constant(0));
			Operand<TFloat32> flat = tf.math.mul(tf.reshape(boxes, tf.constant(new int[] { -1, 4 })), scale);
			Operand<TInt32> n = tf.reshape(tf.slice(tf.shape(flat), tf.constant(new int[] { 0 }), tf.constant(new int[] { 1 })),
				tf.constant(new int[] { 1 }));
			Operand<TInt32> index = tf.fill(n, tf.constant(0));
			Operand<TFloat32> logits = net.maskLogits(e, flat, index);
			if (maskThreshold != UNSHIFTED)
				logits = tf.math.sub(logits, tf.constant((float) Math.log(maskThreshold / (1 - maskThreshold))));
			Operand<TFloat32> masks = tf.withName(ModelSignature.MASKS_OUTPUT).expandDims(tf.math.sigmoid(logits),
				tf.constant(0));
			Signature signature = Signature.builder().key(ModelSignature.SIGNATURE)
				.input(ModelSignature.IMAGE_INPUT, image).input(ModelSignature.BOXES_INPUT, boxes)
				.output(ModelSignature.MASKS_OUTPUT, masks).build();
			Signature features = Signature.builder().key(ModelSignature.FEATURES_SIGNATURE)
				.input(ModelSignature.IMAGE_INPUT, image).output(ModelSignature.PIXEL_EMBEDDING, e.pixel())
				.output(ModelSignature.INSTANCE_EMBEDDING, e.instance()).output(ModelSignature.IMAGE_SCALE, f).build();
			Signature fromFeatures = Signature.builder().key(ModelSignature.MASKS_SIGNATURE)
				.input(ModelSignature.PIXEL_EMBEDDING, e.pixel()).input(ModelSignature.INSTANCE_EMBEDDING, e.instance())
				.input(ModelSignature.IMAGE_SCALE, f).input(ModelSignature.BOXES_INPUT, boxes)
				.output(ModelSignature.MASKS_OUTPUT, masks).build();
			SavedModelBundle.exporter(dir.toString()).withSession(session).withSignatures(signature, features, fromFeatures)
				.export();
			Files.writeString(dir.resolve(SavedModelMaskModel.PROPERTIES_FILE), (maskThreshold == UNSHIFTED ? ""
				: "# probabilities shifted: 0.5 is where the trained head gave " + maskThreshold + "\n")
				+ "input_size=" + config.inputSize() + "\n");
			return dir;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The signature's inputs, the preprocessed image and its resized height and width over the input size. */
	private record Inputs(Operand<TUint8> image, Operand<TFloat32> boxes, Operand<TFloat32> padded, Operand<TFloat32> fraction) {}

	private static Inputs inputs(Graph g, NetConfig config, Weights weights) {
		Ops tf = Ops.create(g);
		Placeholder<TUint8> image = tf.withName(ModelSignature.IMAGE_INPUT).placeholder(TUint8.class,
			Placeholder.shape(Shape.of(1, -1, -1, 3)));
		Placeholder<TFloat32> boxes = tf.withName(ModelSignature.BOXES_INPUT).placeholder(TFloat32.class,
			Placeholder.shape(Shape.of(1, -1, 4)));
		Operand<TFloat32>[] pre = new DeepMacNet(tf.withSubScope("preprocess"), config, weights).preprocess(image);
		return new Inputs(image, boxes, pre[0], pre[1]);
	}

	private static final String PRELUDE = "prelude", BACKBONE_INPUT = "backbone_input", IMAGE_SCALE = "image_scale";

	/**
	 * The inputs and preprocessing built in a scratch graph, then imported into {@code g} together with the backbone
	 * wired to them (importGraphDef cannot wire an import into ops already in a graph).
	 */
	@SuppressWarnings("unchecked")
	private static Inputs splicedInputs(Graph g, NetConfig config, CenterNetBackbone backbone) {
		GraphDef prelude;
		try (Graph scratch = new Graph()) {
			Inputs in = inputs(scratch, config, null);
			Ops tf = Ops.create(scratch).withSubScope(PRELUDE);
			tf.withName(BACKBONE_INPUT).identity(in.padded());
			tf.withName(IMAGE_SCALE).identity(in.fraction());
			prelude = scratch.toGraphDef();
		}
		g.importGraphDef(prelude.toBuilder().addAllNode(backbone.wiredTo(PRELUDE + "/" + BACKBONE_INPUT).getNodeList()).build());
		return new Inputs((Operand<TUint8>) g.output(ModelSignature.IMAGE_INPUT), (Operand<TFloat32>) g.output(ModelSignature.BOXES_INPUT),
			null, (Operand<TFloat32>) g.output(PRELUDE + "/" + IMAGE_SCALE));
	}
}
