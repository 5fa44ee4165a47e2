package sc.fiji.deepmac.tensorflow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.TfNDArray;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.bytedeco.javacpp.FloatPointer;
import org.tensorflow.internal.c_api.TFE_TensorHandle;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.proto.SignatureDef;

import sc.fiji.deepmac.engine.spi.EngineException;
import sc.fiji.deepmac.engine.spi.EngineModel;
import sc.fiji.deepmac.engine.spi.ImageFeatures;

/**
 * A Deep-MAC SavedModel ({@code image_and_boxes_tensor} export of the TF2 Object Detection API) loaded in DJL's
 * TensorFlow engine. A call feeds the two inputs and fetches {@code detection_masks} alone, in a session run of its
 * own: DJL's predictor would compute every output of the signature (and rerun the init op), so an extra output of a
 * model, whatever it does, would run too. When the model also exports {@code image_features} and
 * {@code masks_from_features} ({@link ModelSignature#twoStage}), both run in the same session: one more
 * {@link TfSymbolBlock} each over the loaded bundle, no second copy of the weights.
 */
final class TfEngineModel implements EngineModel {

	private final String name;
	private final Model model;
	private final SavedModelBundle bundle;
	/** The image and boxes inputs, and the masks output: operations and output indices in the graph. */
	private final TF_Operation[] inputs, outputs;
	private final int[] inputIndices, outputIndices;
	private final String signature;
	// image_features and masks_from_features over the serving block's bundle; null when the model lacks them.
	// They are never closed themselves: closing a TfSymbolBlock closes its bundle, which the model closes.
	private final TfSymbolBlock featuresBlock, masksBlock;
	private boolean closed;

	private TfEngineModel(String name, Model model, SignatureDef def, boolean twoStage) {
		this.name = name;
		this.model = model;
		this.bundle = ((TfSymbolBlock) model.getBlock()).getSavedModelBundle();
		Pair<TF_Operation, Integer> image = operation(def.getInputsOrThrow(ModelSignature.IMAGE_INPUT).getName());
		Pair<TF_Operation, Integer> boxes = operation(def.getInputsOrThrow(ModelSignature.BOXES_INPUT).getName());
		Pair<TF_Operation, Integer> masks = operation(def.getOutputsOrThrow(ModelSignature.MASKS_OUTPUT).getName());
		this.inputs = new TF_Operation[] { image.getKey(), boxes.getKey() };
		this.inputIndices = new int[] { image.getValue(), boxes.getValue() };
		this.outputs = new TF_Operation[] { masks.getKey() };
		this.outputIndices = new int[] { masks.getValue() };
		this.signature = ModelSignature.describe(def.getInputsMap()) + " -> " + ModelSignature.describe(def.getOutputsMap())
			+ (twoStage ? " (and two-stage)" : "");
		this.featuresBlock = twoStage ? new TfSymbolBlock(bundle, ModelSignature.FEATURES_SIGNATURE) : null;
		this.masksBlock = twoStage ? new TfSymbolBlock(bundle, ModelSignature.MASKS_SIGNATURE) : null;
	}

	private Pair<TF_Operation, Integer> operation(String tensorName) {
		return JavacppUtils.getGraphOperationByName(bundle.getGraph(), tensorName);
	}

	/** Loads the SavedModel in {@code savedModel} for {@code device} (cpu or gpu) and checks its signature. */
	static TfEngineModel load(Path savedModel, String device) {
		String name = savedModel.getFileName().toString();
		Model model = Model.newInstance(name, Device.cpu(), "TensorFlow");
		try {
			Map<String, Object> options = new HashMap<>();
			options.put("Tags", "serve");
			options.put("SignatureDefKey", ModelSignature.SIGNATURE);
			options.put("ConfigProto", sessionConfig(device));
			model.load(savedModel, null, options);
			TfSymbolBlock block = (TfSymbolBlock) model.getBlock();
			Map<String, SignatureDef> signatures = block.getSavedModelBundle().getMetaGraphDef().getSignatureDefMap();
			SignatureDef signature = signatures.get(ModelSignature.SIGNATURE);
			ModelSignature.check(savedModel, signature, signatures.keySet());
			return new TfEngineModel(name, model, signature, ModelSignature.twoStage(signatures));
		}
		catch (IOException | MalformedModelException | RuntimeException e) {
			model.close();
			if (e instanceof EngineException) throw (EngineException) e;
			throw new EngineException(EngineException.Kind.MODEL, "Cannot load model " + savedModel + ": " + e.getMessage(), e);
		}
	}

	private static ConfigProto sessionConfig(String device) {
		ConfigProto.Builder config = JavacppUtils.getSessionConfig().toBuilder();
		if (!"gpu".equals(device)) config.putDeviceCount("GPU", 0);
		else config.getGpuOptionsBuilder().setAllowGrowth(true);
		// Grappler's memory optimizer estimates op costs and, unable to for CropAndResize with a variable box count,
		// prints two long warnings per model that TF_CPP_MIN_LOG_LEVEL does not silence. It rewrites graphs for
		// training memory (recomputation, swapping); inference is as fast without it (docs/benchmarks.md).
		config.getGraphOptionsBuilder().getRewriteOptionsBuilder().setMemoryOptimization(RewriterConfig.MemOptType.NO_MEM_OPT);
		return config.build();
	}

	@Override
	public synchronized float[] predict(byte[] rgb, int height, int width, float[] boxes) {
		checkOpen();
		int n = boxes.length / 4;
		try (NDManager manager = model.getNDManager().newSubManager()) {
			TF_Tensor[] fed = { tensor(image(manager, rgb, height, width)), tensor(boxArray(manager, boxes)) };
			TF_Tensor masks = null;
			try {
				masks = JavacppUtils.runSession(bundle.getSession(), null, fed, inputs, inputIndices, outputs,
					outputIndices, new TF_Operation[0])[0];
				return floats(masks, n);
			}
			finally {
				for (TF_Tensor t : fed)
					t.close();
				if (masks != null) masks.close();
			}
		}
		catch (RuntimeException e) {
			throw failure(e);
		}
	}

	@Override
	public synchronized ImageFeatures features(byte[] rgb, int height, int width) {
		checkOpen();
		if (featuresBlock == null) return null;
		NDManager manager = model.getNDManager().newSubManager();
		try {
			NDArray pixels = image(manager, rgb, height, width);
			NDList features = featuresBlock.forward(new ParameterStore(manager, false), new NDList(pixels), false);
			pixels.close();
			long bytes = features.stream().mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
			return new Features(manager, features, bytes);
		}
		catch (RuntimeException e) {
			manager.close();
			throw failure(e);
		}
	}

	/** Features held in a manager of their own, under this model's lock. */
	private final class Features implements ImageFeatures {

		private final NDManager manager;
		private final NDList features;
		private final long bytes;
		private boolean released;

		Features(NDManager manager, NDList features, long bytes) {
			this.manager = manager;
			this.features = features;
			this.bytes = bytes;
		}

		@Override
		public float[] masks(float[] boxes) {
			synchronized (TfEngineModel.this) {
				checkOpen();
				if (released) throw new EngineException(EngineException.Kind.MODEL, "The image features of model " + name
					+ " are closed: compute them again");
				try (NDManager call = model.getNDManager().newSubManager()) {
					// the first input's manager receives the outputs, so the boxes go first: outputs close with the call
					NDList inputs = new NDList(boxArray(call, boxes));
					inputs.addAll(features);
					return maskValues(masksBlock.forward(new ParameterStore(call, false), inputs, false), boxes.length / 4);
				}
				catch (RuntimeException e) {
					throw failure(e);
				}
			}
		}

		@Override
		public long bytes() {
			return bytes;
		}

		@Override
		public void close() {
			synchronized (TfEngineModel.this) {
				if (released) return;
				released = true;
				manager.close();
			}
		}
	}

	private void checkOpen() {
		if (closed) throw new EngineException(EngineException.Kind.MODEL, "Model " + name + " is closed: load it again");
	}

	private static NDArray image(NDManager manager, byte[] rgb, int height, int width) {
		NDArray pixels = manager.create(ByteBuffer.wrap(rgb), new Shape(1, height, width, 3), DataType.UINT8);
		pixels.setName(ModelSignature.IMAGE_INPUT);
		return pixels;
	}

	private static NDArray boxArray(NDManager manager, float[] boxes) {
		NDArray boxArray = manager.create(FloatBuffer.wrap(boxes), new Shape(1, boxes.length / 4, 4));
		boxArray.setName(ModelSignature.BOXES_INPUT);
		return boxArray;
	}

	/** {@code detection_masks} of a call's outputs, checked to be [1, n, S, S]. */
	private float[] maskValues(NDList outputs, int n) {
		NDArray masks = outputs.get(ModelSignature.MASKS_OUTPUT);
		Shape shape = masks.getShape();
		if (shape.dimension() != 4 || shape.get(1) != n || shape.get(2) != shape.get(3))
			throw new EngineException(EngineException.Kind.MODEL, "Model " + name + " returned detection_masks of shape "
				+ shape + " for " + n + " boxes; expected [1," + n + ",S,S]");
		return masks.toType(DataType.FLOAT32, false).toFloatArray();
	}

	private EngineException failure(Exception e) {
		if (e instanceof EngineException engine) return engine;
		return new EngineException(memory(e) ? EngineException.Kind.MEMORY : EngineException.Kind.MODEL,
			"Model " + name + " failed: " + e.getMessage(), e);
	}

	private static TF_Tensor tensor(NDArray array) {
		return JavacppUtils.resolveTFETensor((TFE_TensorHandle) ((TfNDArray) array).getHandle());
	}

	/** The float32 masks [1, n, S, S] of {@code masks}, checked. */
	private float[] floats(TF_Tensor masks, int n) {
		int rank = tensorflow.TF_NumDims(masks);
		long[] dims = new long[rank];
		for (int d = 0; d < rank; d++)
			dims[d] = tensorflow.TF_Dim(masks, d);
		Shape shape = new Shape(dims);
		if (tensorflow.TF_TensorType(masks) != tensorflow.TF_FLOAT || rank != 4 || dims[1] != n || dims[2] != dims[3])
			throw new EngineException(EngineException.Kind.MODEL, "Model " + name + " returned detection_masks of shape "
				+ shape + " for " + n + " boxes; expected float32 [1," + n + ",S,S]");
		float[] values = new float[Math.toIntExact(shape.size())];
		new FloatPointer(tensorflow.TF_TensorData(masks)).capacity(values.length).get(values);
		return values;
	}

	/** Whether TensorFlow gave up for want of memory (it says so as ResourceExhausted / OOM). */
	private static boolean memory(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			String m = String.valueOf(t.getMessage());
			if (m.contains("ResourceExhausted") || m.contains("OOM when allocating") || m.contains("bad_alloc")) return true;
		}
		return false;
	}

	@Override
	public String signature() {
		return signature;
	}

	@Override
	public synchronized void close() {
		if (closed) return;
		closed = true;
		model.close();
	}
}
