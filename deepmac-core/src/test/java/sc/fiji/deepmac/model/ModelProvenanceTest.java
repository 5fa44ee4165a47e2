package sc.fiji.deepmac.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelProvenanceTest {

	@TempDir
	Path tmp;

	/** The value of {@code (cd DIR && find saved_model.pb variables assets -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum}. */
	@Test
	void theFolderChecksumIsTheShellsOneAndIgnoresFilesThatTensorFlowDoesNotLoad() throws IOException {
		Files.createDirectories(tmp.resolve("variables"));
		Files.createDirectories(tmp.resolve("assets"));
		Files.writeString(tmp.resolve("saved_model.pb"), "graph");
		Files.writeString(tmp.resolve("variables/variables.index"), "idx");
		Files.writeString(tmp.resolve("variables/variables.data-00000-of-00001"), "data");
		Files.writeString(tmp.resolve("assets/v.txt"), "vocab");
		String expected = "cc718668a069298efd80d1a3c814c62104e388f5b0451f76dd47b24996924ee3";
		assertEquals(expected, ModelProvenance.sha256(tmp));
		Files.writeString(tmp.resolve("README.md"), "a model card");
		assertEquals(expected, ModelProvenance.sha256(tmp), "files beside the SavedModel do not count");
		Files.writeString(tmp.resolve("variables/variables.index"), "idx2");
		assertNotEquals(expected, ModelProvenance.sha256(tmp), "the weights count");
	}
}
