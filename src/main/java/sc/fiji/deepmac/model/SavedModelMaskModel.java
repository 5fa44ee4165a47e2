package sc.fiji.deepmac.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.proto.SignatureDef;

import sc.fiji.deepmac.runtime.ComputeDevice;
import sc.fiji.deepmac.runtime.TensorFlowRuntime;

/**
 * A Deep-MAC SavedModel ({@code image_and_boxes_tensor} export of the TF2 Object Detection API) run through
 * DJL's TensorFlow engine.
 */
public final class SavedModelMaskModel implements MaskModel {

	/** Optional file in the model folder: {@code input_size=N}, the long side the model resizes to. */
	public static final String PROPERTIES_FILE = "deepmac.properties";
	/** Input size of the official Deep-MAC models (keep_aspect_ratio_resizer 1024). */
	public static final int DEFAULT_INPUT_SIZE = 1024;

	private final String name;
	private final Model model;
	private final Predictor<NDList, NDList> predictor;
	private final int inputSize;
	private boolean closed;

	private SavedModelMaskModel(String name, Model model, int inputSize) {
		this.name = name;
		this.model = model;
		this.predictor = model.newPredictor(new NoopTranslator());
		this.inputSize = inputSize;
	}

	/**
	 * Loads a model folder: a SavedModel, or a folder holding {@code saved_model/} (the official archive's
	 * layout). Checks the signature.
	 *
	 * @throws ModelException naming what is wrong and what was expected
	 */
	public static SavedModelMaskModel load(Path folder, ComputeDevice requested) {
		Path savedModel = ModelSignature.locate(folder);
		ComputeDevice device = TensorFlowRuntime.resolve(requested);
		Model model = Model.newInstance(folder.getFileName().toString(), Device.cpu(), "TensorFlow");
		try {
			Map<String, Object> options = new HashMap<>();
			options.put("Tags", "serve");
			options.put("SignatureDefKey", ModelSignature.SIGNATURE);
			options.put("ConfigProto", sessionConfig(device));
			model.load(savedModel, null, options);
			TfSymbolBlock block = (TfSymbolBlock) model.getBlock();
			SignatureDef signature = block.getSavedModelBundle().getMetaGraphDef().getSignatureDefMap()
				.get(ModelSignature.SIGNATURE);
			ModelSignature.check(folder, signature, block.getSavedModelBundle().getMetaGraphDef().getSignatureDefMap().keySet());
			return new SavedModelMaskModel(folder.getFileName().toString(), model, readInputSize(folder, savedModel));
		}
		catch (IOException | MalformedModelException | RuntimeException e) {
			model.close();
			if (e instanceof ModelException) throw (ModelException) e;
			throw new ModelException("Cannot load model " + folder + ": " + e.getMessage(), e);
		}
	}

	private static ConfigProto sessionConfig(ComputeDevice device) {
		ConfigProto.Builder config = JavacppUtils.getSessionConfig().toBuilder();
		if (device == ComputeDevice.CPU) config.putDeviceCount("GPU", 0);
		else config.getGpuOptionsBuilder().setAllowGrowth(true);
		// Grappler's memory optimizer estimates op costs and, unable to for CropAndResize with a variable box count,
		// prints two long warnings per model that TF_CPP_MIN_LOG_LEVEL does not silence. It rewrites graphs for
		// training memory (recomputation, swapping); inference is as fast without it (docs/benchmarks.md).
		config.getGraphOptionsBuilder().getRewriteOptionsBuilder().setMemoryOptimization(RewriterConfig.MemOptType.NO_MEM_OPT);
		return config.build();
	}

	private static int readInputSize(Path... folders) {
		for (Path folder : folders) {
			Path file = folder.resolve(PROPERTIES_FILE);
			if (!Files.isRegularFile(file)) continue;
			Properties properties = new Properties();
			try (var in = Files.newBufferedReader(file)) {
				properties.load(in);
				return Integer.parseInt(properties.getProperty("input_size", "" + DEFAULT_INPUT_SIZE).trim());
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			catch (NumberFormatException e) {
				throw new ModelException(file + ": input_size must be a whole number of pixels");
			}
		}
		return DEFAULT_INPUT_SIZE;
	}

	@Override
	public synchronized BoxMasks predict(RgbImage image, float[] boxes) {
		if (closed) throw new ModelException("Model " + name + " is closed: load it again");
		int n = boxes.length / 4;
		if (n == 0) return new BoxMasks(0, 0, new float[0]);
		try (NDManager manager = model.getNDManager().newSubManager()) {
			NDArray pixels = manager.create(ByteBuffer.wrap(image.pixels()),
				new Shape(1, image.height(), image.width(), 3), DataType.UINT8);
			pixels.setName(ModelSignature.IMAGE_INPUT);
			NDArray boxArray = manager.create(FloatBuffer.wrap(boxes), new Shape(1, n, 4));
			boxArray.setName(ModelSignature.BOXES_INPUT);
			NDList outputs = predictor.predict(new NDList(pixels, boxArray));
			NDArray masks = outputs.get(ModelSignature.MASKS_OUTPUT);
			Shape shape = masks.getShape();
			if (shape.dimension() != 4 || shape.get(1) != n || shape.get(2) != shape.get(3)) throw new ModelException(
				"Model " + name + " returned detection_masks of shape " + shape + " for " + n + " boxes; expected [1," + n + ",S,S]");
			return new BoxMasks(n, (int) shape.get(2), masks.toType(DataType.FLOAT32, false).toFloatArray());
		}
		catch (TranslateException e) {
			throw new ModelException("Model " + name + " failed: " + e.getMessage(), e);
		}
	}

	@Override
	public int inputSize() {
		return inputSize;
	}

	@Override
	public String name() {
		return name;
	}

	@Override
	public synchronized void close() {
		if (closed) return;
		closed = true;
		predictor.close();
		model.close();
	}
}
