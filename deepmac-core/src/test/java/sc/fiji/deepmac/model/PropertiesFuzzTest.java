package sc.fiji.deepmac.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model folder's deepmac.properties of any bytes gives an input size from 32 to 16384, or a {@link ModelException}
 * naming the file. Regression inputs: PropertiesFuzzTestInputs.
 */
class PropertiesFuzzTest {

	@TempDir
	static Path folder;

	@FuzzTest(maxDuration = "30s")
	void inputSize(byte[] bytes) throws IOException {
		Path file = Files.write(folder.resolve(SavedModelMaskModel.PROPERTIES_FILE), bytes);
		int size;
		try {
			size = SavedModelMaskModel.readInputSize(folder);
		}
		catch (ModelException refused) {
			assertTrue(refused.getMessage().startsWith(file.toString()), refused.getMessage());
			return;
		}
		assertTrue(size >= 32 && size <= 16384, "input size " + size);
	}
}
