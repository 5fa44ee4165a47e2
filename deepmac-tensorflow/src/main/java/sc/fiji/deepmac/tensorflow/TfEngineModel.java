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
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.TfNDArray;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
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

/**
 * A Deep-MAC SavedModel ({@code image_and_boxes_tensor} export of the TF2 Object Detection API) loaded in DJL's
 * TensorFlow engine. A call feeds the two inputs and fetches {@code detection_masks} alone, in a session run of its
 * own: DJL's predictor would compute every output of the signature (and rerun the init op), so an extra output of a
 * model, whatever it does, would run too.
 */
final class TfEngineModel implements EngineModel {

	private final String name;
	private final Model model;
	private final SavedModelBundle bundle;
	/** The image and boxes inputs, and the masks output: operations and output indices in the graph. */
	private final TF_Operation[] inputs, outputs;
	private final int[] inputIndices, outputIndices;
	private final String signature;
	private boolean closed;

	private TfEngineModel(String name, Model model, SignatureDef def) {
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
		this.signature = ModelSignature.describe(def.getInputsMap()) + " -> " + ModelSignature.describe(def.getOutputsMap());
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
			return new TfEngineModel(name, model, signature);
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
		if (closed) throw new EngineException(EngineException.Kind.MODEL, "Model " + name + " is closed: load it again");
		int n = boxes.length / 4;
		try (NDManager manager = model.getNDManager().newSubManager()) {
			NDArray pixels = manager.create(ByteBuffer.wrap(rgb), new Shape(1, height, width, 3), DataType.UINT8);
			NDArray boxArray = manager.create(FloatBuffer.wrap(boxes), new Shape(1, n, 4));
			TF_Tensor[] fed = { tensor(pixels), tensor(boxArray) };
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
			if (e instanceof EngineException) throw (EngineException) e;
			throw new EngineException(memory(e) ? EngineException.Kind.MEMORY : EngineException.Kind.MODEL,
				"Model " + name + " failed: " + e.getMessage(), e);
		}
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
