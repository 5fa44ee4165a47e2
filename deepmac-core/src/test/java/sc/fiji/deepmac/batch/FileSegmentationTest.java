package sc.fiji.deepmac.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.gui.Roi;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.io.RoiSetOutput;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationOptions;
import sc.fiji.deepmac.testing.RedChannelModel;
import sc.fiji.deepmac.testing.TestImages;

class FileSegmentationTest {

	@TempDir
	Path tmp;

	static FileSegmentation segmentation() {
		return new FileSegmentation(() -> new DeepMacSegmenter(new RedChannelModel(16, 256), SegmentationOptions.defaults()));
	}

	@Test
	void anOutputNeverReplacesTheBoxesFile() throws IOException {
		Path image = TestImages.twoDisksTiff(tmp.resolve("nuclei.tif"));
		Path boxes = TestImages.twoDisksCsv(tmp.resolve("nuclei_instances.csv"));
		byte[] before = Files.readAllBytes(boxes);
		Files.createDirectories(tmp.resolve("sub"));
		UserError refused = assertThrows(UserError.class, () -> segmentation().run(image, boxes, new OutputSet(tmp
			.resolve("sub/.."), "nuclei"), ProgressListener.NONE));
		assertEquals("The output " + tmp.resolve("sub/../nuclei_instances.csv") + " would replace the input " + boxes
			+ ": write the outputs to another folder (--out) or rename the input", refused.getMessage());
		assertArrayEquals(before, Files.readAllBytes(boxes));
		assertFalse(Files.exists(tmp.resolve("nuclei_labels.tif")));
	}

	@Test
	void anOutputNeverReplacesAnEarlierRunsRoisGivenAsPrompts() throws IOException {
		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		Path rois = tmp.resolve("cells_rois.zip");
		RoiSetOutput.write(List.of(new Roi(4, 8, 24, 24)), rois);
		byte[] before = Files.readAllBytes(rois);
		UserError refused = assertThrows(UserError.class, () -> segmentation().run(image, rois, new OutputSet(tmp, "cells"),
			ProgressListener.NONE));
		assertTrue(refused.getMessage().contains("would replace the input " + rois), refused.getMessage());
		assertArrayEquals(before, Files.readAllBytes(rois));
		segmentation().run(image, rois, new OutputSet(tmp.resolve("out"), "cells"), ProgressListener.NONE);
		assertTrue(new OutputSet(tmp.resolve("out"), "cells").isComplete(), "elsewhere is fine");
	}

	@Test
	void identicalRunsWriteByteIdenticalOutputs() throws IOException {
		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		Path boxes = TestImages.twoDisksCsv(tmp.resolve("cells.csv"));
		OutputSet out = new OutputSet(tmp.resolve("out"), "cells");
		segmentation().run(image, boxes, out, ProgressListener.NONE);
		List<byte[]> first = new ArrayList<>();
		for (Path file : out.files()) first.add(Files.readAllBytes(file));
		segmentation().run(image, boxes, out, ProgressListener.NONE);
		for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), Files.readAllBytes(out.files().get(i)));
	}

	@Test
	void runningOutOfJavaMemoryIsAMemoryErrorNamingTheImage() throws IOException {
		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		Path boxes = TestImages.twoDisksCsv(tmp.resolve("cells.csv"));
		FileSegmentation starved = new FileSegmentation(() -> (img, b, progress) -> {
			throw new OutOfMemoryError("Java heap space");
		});
		UserError refused = assertThrows(UserError.class, () -> starved.run(image, boxes, new OutputSet(tmp.resolve("out"),
			"cells"), ProgressListener.NONE));
		assertEquals(UserError.Kind.MEMORY, refused.kind());
		assertTrue(refused.getMessage().startsWith(image + ": Java ran out of memory") && refused.getMessage().contains(
			"-Xmx"), refused.getMessage());
		assertFalse(Files.exists(tmp.resolve("out")));
	}
}
