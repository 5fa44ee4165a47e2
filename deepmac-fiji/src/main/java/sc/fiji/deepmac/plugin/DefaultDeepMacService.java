package sc.fiji.deepmac.plugin;

import java.nio.file.Path;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.ModelCache;

/**
 * The default {@link DeepMacService}, over the JVM's one {@link ModelCache#shared() model cache}, which the ImageJ 1.x
 * plugin uses too: a model loads once per JVM, whichever front end asks first, and stays loaded until the JVM ends.
 */
@Plugin(type = Service.class)
public class DefaultDeepMacService extends AbstractService implements DeepMacService {

	@Override
	public MaskModel model(Path folder, ComputeDevice device, boolean trusted) {
		return ModelCache.shared().get(folder, device, trusted);
	}

	@Override
	public int loadedModels() {
		return ModelCache.shared().size();
	}

	@Override
	public int loads() {
		return ModelCache.shared().loads();
	}
}
