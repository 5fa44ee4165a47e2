package sc.fiji.deepmac.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.ToDoubleFunction;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.engine.DeviceUnavailableException;
import sc.fiji.deepmac.engine.Engines;
import sc.fiji.deepmac.engine.spi.EngineException;
import sc.fiji.deepmac.engine.spi.EngineModel;
import sc.fiji.deepmac.engine.spi.ImageFeatures;

/**
 * A Deep-MAC SavedModel ({@code image_and_boxes_tensor} export of the TF2 Object Detection API), run by the engine
 * ({@link Engines}); two-stage ({@link #features}) when it also exports {@code image_features} and
 * {@code masks_from_features}.
 */
public final class SavedModelMaskModel implements MaskModel {

	/** Optional file in the model folder: {@code input_size=N} and {@code snap_edges=F} ({@link #readSettings}). */
	public static final String PROPERTIES_FILE = "deepmac.properties";
	/** Input size of the official Deep-MAC models (keep_aspect_ratio_resizer 1024). */
	public static final int DEFAULT_INPUT_SIZE = 1024;

	private final ModelProvenance provenance;
	private final EngineModel model;
	private final Settings settings;
	private boolean closed;

	private SavedModelMaskModel(ModelProvenance provenance, EngineModel model, Settings settings) {
		this.provenance = provenance;
		this.model = model;
		this.settings = settings;
	}

	/** Loads a model folder that is not trusted: {@link #load(Path, ComputeDevice, boolean) load(folder, device, false)}. */
	public static SavedModelMaskModel load(Path folder, ComputeDevice requested) {
		return load(folder, requested, false);
	}

	/**
	 * Loads a model folder: a SavedModel, or a folder holding {@code saved_model/} (the official archive's
	 * layout). Unless {@code trusted}, its graph is first checked against the engine's op allow-list
	 * ({@link #audit}); the engine checks the signature.
	 *
	 * @throws ModelException naming what is wrong and what was expected
	 * @throws DeviceUnavailableException when the device asked for cannot be used
	 */
	public static SavedModelMaskModel load(Path folder, ComputeDevice requested, boolean trusted) {
		Path savedModel = locate(folder);
		Settings settings = readSettings(folder, savedModel);
		try {
			var engine = Engines.get();
			if (!trusted) audit(folder);
			String device = engine.resolveDevice(requested.toString());
			ModelProvenance provenance = new ModelProvenance(folder.getFileName().toString(),
				folder.toAbsolutePath().normalize().toString(), ModelProvenance.sha256(savedModel));
			return new SavedModelMaskModel(provenance, engine.load(savedModel, device), settings);
		}
		catch (EngineException e) {
			throw translate(e, "Cannot load model " + folder + ": ");
		}
	}

	/**
	 * Checks a model folder from its saved_model.pb, before TensorFlow loads anything: its signature, and that its
	 * graph runs no operation that a Deep-MAC model never needs (reading or writing files, the network, Python: a
	 * SavedModel is a program).
	 *
	 * @throws ModelException naming the operations and how to run the model anyway, or what is wrong
	 */
	public static void audit(Path folder) {
		List<String> forbidden;
		try {
			forbidden = Engines.get().audit(locate(folder));
		}
		catch (EngineException e) {
			throw translate(e, "Cannot check model " + folder + ": ");
		}
		if (!forbidden.isEmpty()) throw new ModelException("Model " + folder + " was not loaded: its graph runs "
			+ "operations that Deep-MAC models do not need: " + String.join(", ", forbidden) + ". A SavedModel is a "
			+ "program; if you trust where it comes from, run it with --trust-model (ImageJ: 'Trust this model')");
	}

	/** The SavedModel folder inside {@code folder}: itself, or its {@code saved_model/} child. */
	public static Path locate(Path folder) {
		if (!Files.exists(folder)) throw new ModelException("Model folder " + folder + " does not exist");
		if (!Files.isDirectory(folder)) throw new ModelException("Model " + folder + " is a file, not a folder: "
			+ "give the folder that holds saved_model.pb");
		if (!Files.isReadable(folder)) throw new ModelException("Model folder " + folder + " cannot be read: "
			+ "check its permissions");
		if (Files.isRegularFile(folder.resolve("saved_model.pb"))) return folder;
		Path nested = folder.resolve("saved_model");
		if (Files.isRegularFile(nested.resolve("saved_model.pb"))) return nested;
		throw new ModelException("Model folder " + folder + " is not a TensorFlow SavedModel: no saved_model.pb "
			+ "in it or in its saved_model/ folder");
	}

	/**
	 * What a model folder's {@value #PROPERTIES_FILE} says: {@code input_size}, the long side the model resizes to, and
	 * {@code snap_edges}, the window within which its masks are snapped to image edges (see
	 * {@link MaskModel#edgeSnapRadius}).
	 */
	record Settings(int inputSize, double edgeSnapRadius) {}

	/** The settings of the first {@value #PROPERTIES_FILE} of {@code folders}, or the defaults (package-private: fuzzed). */
	static Settings readSettings(Path... folders) {
		for (Path folder : folders) {
			Path file = folder.resolve(PROPERTIES_FILE);
			if (!Files.isRegularFile(file)) continue;
			Properties properties = new Properties();
			try (var in = Files.newBufferedReader(file)) {
				properties.load(in);
			}
			catch (IOException | IllegalArgumentException e) {
				throw new ModelException(file + " cannot be read: " + e.getMessage());
			}
			String size = properties.getProperty("input_size", "" + DEFAULT_INPUT_SIZE).trim();
			String snap = properties.getProperty("snap_edges", "0").trim();
			return new Settings((int) setting(file, "input_size", size, Integer::parseInt, 32, 16384,
				"a size in pixels from 32 to 16384: fix the file or remove it (the default is " + DEFAULT_INPUT_SIZE + ")"),
				setting(file, "snap_edges", snap, Double::parseDouble, 0, 0.5, "a fraction of the box from 0 (off) to 0.5: "
					+ "fix the file or remove the line"));
		}
		return new Settings(DEFAULT_INPUT_SIZE, 0);
	}

	/** {@code value} read by {@code parse} and within [min, max], else a model error naming the file and the key. */
	private static double setting(Path file, String key, String value, ToDoubleFunction<String> parse, double min,
		double max, String expected)
	{
		try {
			double number = parse.applyAsDouble(value);
			if (number >= min && number <= max) return number;
		}
		catch (NumberFormatException e) {
			// said below
		}
		throw new ModelException(file + ": " + key + "=" + value + " is not " + expected);
	}

	private static RuntimeException translate(EngineException e, String prefix) {
		return switch (e.kind()) {
			case DEVICE -> new DeviceUnavailableException(e.getMessage());
			case MEMORY -> new UserError(UserError.Kind.MEMORY, prefix + "out of memory (" + e.getMessage() + "): pass fewer"
				+ " boxes per model call (--boxes-per-call, -D" + BOXES_PER_CALL_PROPERTY + "), use a smaller"
				+ " image or the CPU, or close other programs", e);
			case MODEL -> new ModelException(e.getMessage(), e);
			case FAILURE -> new ModelException(prefix + e.getMessage(), e);
		};
	}

	@Override
	public synchronized BoxMasks predict(RgbImage image, float[] boxes) {
		checkOpen();
		int n = boxes.length / 4;
		if (n == 0) return new BoxMasks(0, 0, new float[0]);
		try {
			return boxMasks(model.predict(image.pixels(), image.height(), image.width(), boxes), n);
		}
		catch (EngineException e) {
			throw translate(e, "Model " + name() + " failed on " + n + " boxes in a " + image.width() + " x " + image.height()
				+ " image: ");
		}
	}

	@Override
	public synchronized PlaneFeatures features(RgbImage image) {
		checkOpen();
		ImageFeatures features;
		try {
			features = model.features(image.pixels(), image.height(), image.width());
		}
		catch (EngineException e) {
			throw translate(e, "Model " + name() + " failed: ");
		}
		return features == null ? null : new PlaneFeatures() {

			@Override
			public BoxMasks masks(float[] boxes) {
				try {
					return boxMasks(features.masks(boxes), boxes.length / 4);
				}
				catch (EngineException e) {
					throw translate(e, "Model " + name() + " failed: ");
				}
			}

			@Override
			public long bytes() {
				return features.bytes();
			}

			@Override
			public void close() {
				features.close();
			}
		};
	}

	private void checkOpen() {
		if (closed) throw new ModelException("Model " + name() + " is closed: load it again");
	}

	/** The engine's {@code detection_masks} for n boxes, checked to be n square masks. */
	private BoxMasks boxMasks(float[] masks, int n) {
		int size = (int) Math.round(Math.sqrt(masks.length / (double) n));
		if (size == 0 || size * size * n != masks.length) throw new ModelException("Model " + name() + " returned "
			+ masks.length + " mask values for " + n + " boxes; expected N square masks (detection_masks [1,N,S,S])");
		return new BoxMasks(n, size, masks);
	}

	@Override
	public int inputSize() {
		return settings.inputSize();
	}

	@Override
	public double edgeSnapRadius() {
		return settings.edgeSnapRadius();
	}

	@Override
	public String name() {
		return provenance.name();
	}

	@Override
	public ModelProvenance provenance() {
		return provenance;
	}

	/** The model's serving signature as the engine found it. */
	public String signature() {
		return model.signature();
	}

	@Override
	public synchronized void close() {
		if (closed) return;
		closed = true;
		model.close();
	}
}
