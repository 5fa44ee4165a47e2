package sc.fiji.deepmac.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.testing.TestModels;

class ModelCacheTest {

	@TempDir
	Path tmp;

	@Test
	void loadsEachFolderOnceAndClosesEverythingOnClose() {
		Path dir = TestModels.intensityModel(tmp.resolve("m"), 8);
		List<SavedModelMaskModel> loaded = new ArrayList<>();
		ModelCache cache = new ModelCache((folder, device, trusted) -> {
			SavedModelMaskModel m = SavedModelMaskModel.load(folder, device, trusted);
			loaded.add(m);
			return m;
		});
		MaskModel first = cache.get(dir, ComputeDevice.CPU);
		assertSame(first, cache.get(tmp.resolve("m/../m"), ComputeDevice.CPU), "same folder, other spelling");
		assertEquals(1, loaded.size());
		assertNotSame(first, cache.get(dir, ComputeDevice.CPU, true), "trusted is loaded apart from untrusted");
		assertEquals(2, loaded.size());
		cache.close();
		assertEquals(0, cache.size());
		assertThrows(IllegalStateException.class, () -> cache.get(dir, ComputeDevice.CPU));
		assertThrows(ModelException.class, () -> first.predict(new RgbImage(2, 2, new byte[12]), new float[] { 0, 0, 1, 1 }),
			"a closed model cannot run");
	}
}
