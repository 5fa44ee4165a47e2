package sc.fiji.deepmac.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.deepmac.engine.ComputeDevice;

/**
 * Loaded models by folder and device, so that a model is loaded once and reused across images and runs. Closing
 * the cache closes every model; {@link #shared()} is closed when the JVM shuts down.
 */
public final class ModelCache implements AutoCloseable {

	private static ModelCache shared;

	/** Loads a model folder for a device, checking its ops unless it is trusted. */
	@FunctionalInterface
	public interface Loader {
		MaskModel load(Path folder, ComputeDevice device, boolean trusted);
	}

	private final Loader loader;
	private final Map<String, MaskModel> models = new LinkedHashMap<>();
	private int loads;
	private boolean closed;

	public ModelCache() {
		this(SavedModelMaskModel::load);
	}

	ModelCache(Loader loader) {
		this.loader = loader;
	}

	/** The process-wide cache, closed by a shutdown hook. */
	public static synchronized ModelCache shared() {
		if (shared == null) {
			shared = new ModelCache();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "deepmac-model-cache"));
		}
		return shared;
	}

	/** The model in {@code folder} for {@code device}, loaded on first use; not trusted (its ops are checked). */
	public MaskModel get(Path folder, ComputeDevice device) {
		return get(folder, device, false);
	}

	/**
	 * The model in {@code folder} for {@code device}, loaded on first use. A model loaded as trusted is kept apart
	 * from the same folder not trusted, so that trusting it once does not skip the check of a later untrusted run.
	 */
	public synchronized MaskModel get(Path folder, ComputeDevice device, boolean trusted) {
		if (closed) throw new IllegalStateException("The model cache is closed");
		String key = key(folder) + "|" + device + (trusted ? "|trusted" : "");
		MaskModel model = models.get(key);
		if (model == null) {
			model = loader.load(folder, device, trusted);
			models.put(key, model);
			loads++;
		}
		return model;
	}

	/** How many models are loaded. */
	public synchronized int size() {
		return models.size();
	}

	/** How many times a model was loaded from disk into this cache. */
	public synchronized int loads() {
		return loads;
	}

	private static String key(Path folder) {
		try {
			return folder.toRealPath().toString();
		}
		catch (IOException e) {
			return folder.toAbsolutePath().normalize().toString();
		}
	}

	@Override
	public synchronized void close() {
		closed = true;
		models.values().forEach(MaskModel::close);
		models.clear();
	}
}
