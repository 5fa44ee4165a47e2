package sc.fiji.deepmac.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.testing.TestModels;

class SavedModelMaskModelTest {

	@TempDir
	Path tmp;

	@Test
	void runsTheOfficialSignatureAndIgnoresExtraOutputs() throws Exception {
		Path dir = TestModels.intensityModel(tmp.resolve("m"), 8);
		// 4x4 image, red channel 255 in the left half only
		byte[] px = new byte[4 * 4 * 3];
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 2; x++)
				px[3 * (y * 4 + x)] = (byte) 255;
		try (SavedModelMaskModel model = SavedModelMaskModel.load(dir, ComputeDevice.CPU)) {
			BoxMasks masks = model.predict(new RgbImage(4, 4, px), new float[] { 0, 0, 1, 1f / 3, 0, 2f / 3, 1, 1 });
			assertEquals(2, masks.count());
			assertEquals(8, masks.size());
			assertEquals(1f, masks.probabilities()[0], 1e-6);
			assertEquals(0f, masks.probabilities()[masks.offset(1)], 1e-6);
			assertEquals(SavedModelMaskModel.DEFAULT_INPUT_SIZE, model.inputSize());
		}
	}

	@Test
	void findsTheSavedModelInsideTheOfficialArchiveLayout() {
		TestModels.intensityModel(tmp.resolve("deepmac_1024x1024_coco17").resolve("saved_model"), 8);
		assertEquals(tmp.resolve("deepmac_1024x1024_coco17").resolve("saved_model"),
			SavedModelMaskModel.locate(tmp.resolve("deepmac_1024x1024_coco17")));
	}

	@Test
	void namesWhatIsWrongWithAModelFolder() throws Exception {
		ModelException missing = assertThrows(ModelException.class,
			() -> SavedModelMaskModel.load(tmp.resolve("nope"), ComputeDevice.CPU));
		assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
		Files.createDirectories(tmp.resolve("empty"));
		ModelException notSaved = assertThrows(ModelException.class,
			() -> SavedModelMaskModel.load(tmp.resolve("empty"), ComputeDevice.CPU));
		assertTrue(notSaved.getMessage().contains("not a TensorFlow SavedModel"), notSaved.getMessage());
		ModelException noBoxes = assertThrows(ModelException.class,
			() -> SavedModelMaskModel.load(TestModels.imageOnlyModel(tmp.resolve("img")), ComputeDevice.CPU));
		assertTrue(noBoxes.getMessage().contains("wrong signature") && noBoxes.getMessage().contains("found {input_tensor uint8"),
			noBoxes.getMessage());
		ModelException misnamed = assertThrows(ModelException.class,
			() -> SavedModelMaskModel.load(TestModels.misnamedOutputModel(tmp.resolve("out")), ComputeDevice.CPU));
		assertTrue(misnamed.getMessage().contains("masks float32"), misnamed.getMessage());
	}

	@Test
	void refusesAnInputSizeThatIsNoSizeNamingTheFile() throws Exception {
		Path dir = TestModels.intensityModel(tmp.resolve("sized"), 8);
		for (String bad : new String[] { "0", "-5", "big" }) {
			Files.writeString(dir.resolve(SavedModelMaskModel.PROPERTIES_FILE), "input_size=" + bad + "\n");
			ModelException e = assertThrows(ModelException.class, () -> SavedModelMaskModel.load(dir, ComputeDevice.CPU));
			assertTrue(e.getMessage().contains(SavedModelMaskModel.PROPERTIES_FILE) && e.getMessage().contains("input_size=" + bad),
				e.getMessage());
		}
	}

	@Test
	void aFileIsNotAModelFolder() throws Exception {
		Path file = Files.writeString(tmp.resolve("model.pb"), "x");
		ModelException e = assertThrows(ModelException.class, () -> SavedModelMaskModel.load(file, ComputeDevice.CPU));
		assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
	}
}
