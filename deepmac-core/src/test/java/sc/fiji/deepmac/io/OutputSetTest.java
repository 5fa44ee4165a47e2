package sc.fiji.deepmac.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputSetTest {

	@TempDir
	Path folder;

	@Test
	void pathsFollowTheStem() {
		OutputSet set = new OutputSet(folder, "a.b");

		assertEquals(folder.resolve("a.b_labels.tif"), set.labels());
		assertEquals(folder.resolve("a.b_rois.zip"), set.rois());
		assertEquals(folder.resolve("a.b_instances.csv"), set.table());
	}

	@Test
	void stemDropsTheLastExtensionOnly() {
		assertEquals("a.b", OutputSet.stem(Path.of("in", "a.b.tif")));
		assertEquals("cells", OutputSet.stem(Path.of("/data/cells.png")));
		assertEquals("noext", OutputSet.stem(Path.of("noext")));
		assertEquals(".hidden", OutputSet.stem(Path.of(".hidden")));
		assertEquals("my.omelette", OutputSet.stem(Path.of("my.omelette.tif")));
	}

	@Test
	void stemDropsBothPartsOfOmeTiffExtensions() {
		assertEquals("cells", OutputSet.stem(Path.of("cells.ome.tif")));
		assertEquals("cells", OutputSet.stem(Path.of("cells.ome.tiff")));
		assertEquals("x.y", OutputSet.stem(Path.of("x.y.OME.TIF")));
		assertEquals(".ome", OutputSet.stem(Path.of(".ome.tif")));
	}

	@Test
	void imagesThatWouldWriteTheSameOutputsAreAllRefused() {
		Map<String, String> shared = OutputSet.sharedStems(List.of("in/a.png", "b.tif", "in/A.TIF", "other/b.ome.tif",
			"c.tif", "hdfs://host/x/c.b.tif"));
		assertEquals(List.of("in/a.png", "b.tif", "in/A.TIF", "other/b.ome.tif"), List.copyOf(shared.keySet()));
		assertEquals("in/a.png: in/a.png, in/A.TIF would write the same outputs a_*: rename all but one of them",
			shared.get("in/a.png"));
		assertEquals("other/b.ome.tif: b.tif, other/b.ome.tif would write the same outputs b_*: rename all but one of them",
			shared.get("other/b.ome.tif"));
	}

	@Test
	void emptyStemOrRootPathIsRejected() {
		assertThrows(IllegalArgumentException.class, () -> new OutputSet(folder, ""));
		assertThrows(IllegalArgumentException.class, () -> OutputSet.stem(folder.getRoot()));
	}

	@Test
	void completeOnlyWhenAllThreeAreNonEmptyFiles() throws IOException {
		OutputSet set = new OutputSet(folder.resolve("out"), "img");
		assertFalse(set.isComplete(), "nothing written yet");

		Files.createDirectories(set.outDir());
		Files.writeString(set.labels(), "tiff");
		Files.writeString(set.rois(), "zip");
		assertFalse(set.isComplete(), "table missing");

		Files.writeString(set.table(), "");
		assertFalse(set.isComplete(), "table empty");

		Files.delete(set.table());
		Files.createDirectory(set.table());
		assertFalse(set.isComplete(), "table is a folder");

		Files.delete(set.table());
		Files.writeString(set.table(), "name\n");
		assertTrue(set.isComplete());
	}
}
