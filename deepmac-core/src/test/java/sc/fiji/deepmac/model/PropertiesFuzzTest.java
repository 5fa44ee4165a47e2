package sc.fiji.deepmac.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model folder's deepmac.properties of any bytes gives an input size from 32 to 16384 and an edge-snapping window
 * from 0 to 0.5, or a {@link ModelException} naming the file. Regression inputs: PropertiesFuzzTestInputs.
 */
class PropertiesFuzzTest {

	@TempDir
	static Path folder;

	@FuzzTest(maxDuration = "30s")
	void settings(byte[] bytes) throws IOException {
		Path file = Files.write(folder.resolve(SavedModelMaskModel.PROPERTIES_FILE), bytes);
		SavedModelMaskModel.Settings settings;
		try {
			settings = SavedModelMaskModel.readSettings(folder);
		}
		catch (ModelException refused) {
			assertTrue(refused.getMessage().startsWith(file.toString()), refused.getMessage());
			return;
		}
		assertTrue(settings.inputSize() >= 32 && settings.inputSize() <= 16384, settings.toString());
		assertTrue(settings.edgeSnapRadius() >= 0 && settings.edgeSnapRadius() <= 0.5, settings.toString());
	}
}
