package sc.fiji.deepmac.plugin;

import java.nio.file.Path;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.ModelCache;
import sc.fiji.deepmac.runtime.ComputeDevice;

/** The default {@link DeepMacService}: a {@link ModelCache} of its own, closed in {@link #dispose()}. */
@Plugin(type = Service.class)
public class DefaultDeepMacService extends AbstractService implements DeepMacService {

	private ModelCache cache = new ModelCache();
	private int loads;

	@Override
	public synchronized MaskModel model(Path folder, ComputeDevice device) {
		int before = cache.size();
		MaskModel model = RoiSegmentation.withOwnClassLoader(() -> cache.get(folder, device));
		if (cache.size() > before) loads++;
		return model;
	}

	@Override
	public synchronized int loadedModels() {
		return cache.size();
	}

	@Override
	public synchronized int loads() {
		return loads;
	}

	@Override
	public synchronized void dispose() {
		cache.close();
		cache = new ModelCache();
	}
}
