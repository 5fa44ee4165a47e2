package sc.fiji.deepmac.plugin;

import java.nio.file.Path;
import java.util.Map;

import org.scijava.service.SciJavaService;

import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.engine.ComputeDevice;

/**
 * Deep-MAC models for SciJava commands and scripts: a model is loaded on its first use and reused by every later run
 * with the same folder and device, in this context and by the ImageJ 1.x plugin (one cache per JVM).
 */
public interface DeepMacService extends SciJavaService {

	/**
	 * The model in {@code folder} for {@code device}, loaded on first use; unless {@code trusted}, its ops are checked
	 * first (docs/models.md).
	 */
	MaskModel model(Path folder, ComputeDevice device, boolean trusted);

	/** The model in {@code folder} for {@code device}, not trusted. */
	default MaskModel model(Path folder, ComputeDevice device) {
		return model(folder, device, false);
	}

	/** The model that {@code spec} names (a folder, an installed model's name, or blank for the default), not trusted. */
	default MaskModel model(String spec, ComputeDevice device) {
		return model(spec, device, false);
	}

	/** The model that {@code spec} names, checked unless {@code trusted}. */
	default MaskModel model(String spec, ComputeDevice device, boolean trusted) {
		return model(ModelLocator.resolve(spec), device, trusted);
	}

	/** Installed models by name (see {@link ModelLocator}). */
	default Map<String, Path> installedModels() {
		return ModelLocator.installed();
	}

	/** How many models are loaded now. */
	int loadedModels();

	/** How many times a model was loaded from disk in this JVM. */
	int loads();
}
