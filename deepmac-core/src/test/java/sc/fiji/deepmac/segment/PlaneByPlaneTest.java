package sc.fiji.deepmac.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.batch.FileSegmentation;
import sc.fiji.deepmac.batch.ImageFiles;
import sc.fiji.deepmac.batch.TiffPlanes;
import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.BoxFiles;
import sc.fiji.deepmac.box.StackShape;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.model.ModelProvenance;
import sc.fiji.deepmac.testing.RedChannelModel;
import sc.fiji.deepmac.testing.TestImages;

/**
 * A stack segmented plane by plane, each plane by another segmenter from its own lazily read copy of the file, and put
 * together in any order, writes the outputs that segmenting it whole writes, byte for byte.
 */
class PlaneByPlaneTest {

	@TempDir
	Path tmp;

	@Test
	void planesSegmentedApartAndAssembledGiveTheWholeStacksOutputs() throws IOException {
		Path file = TestImages.hyperstackTiff(tmp.resolve("stack.tif"), 3, 2);
		Path csv = TestImages.hyperstackCsv(tmp.resolve("stack.csv"), 3, 2);
		ImagePlus whole = ImageFiles.open(file);
		List<Box> boxes = BoxFiles.read(csv, StackShape.of(whole), new ArrayList<>());
		SegmentationResult expected = segmenter().segment(whole, boxes, ProgressListener.NONE);
		assertEquals(6 + 6, expected.instances().size(), "a box on each plane and one on every plane");

		List<PlaneSegmentation> planes = new ArrayList<>();
		for (Plane plane : Plane.all(whole)) {
			ImagePlus lazy = TiffPlanes.read(TiffPlanes.source(file), ImageFiles.maxPixels()).orElseThrow().image();
			planes.addAll(segmenter().segmentPlanes(lazy, boxes, List.of(plane), ProgressListener.NONE));
		}
		Collections.shuffle(planes, new Random(7));
		ImagePlus header = TiffPlanes.read(TiffPlanes.source(file), ImageFiles.maxPixels()).orElseThrow().image();
		SegmentationResult actual = DeepMacSegmenter.assemble(header, boxes, planes, expected.model(),
			SegmentationOptions.defaults(), ProgressListener.NONE);

		assertEquals(expected.warnings(), actual.warnings());
		assertEquals(expected.timings().modelCalls(), actual.timings().modelCalls());
		OutputSet a = new OutputSet(Files.createDirectories(tmp.resolve("whole")), "stack");
		OutputSet b = new OutputSet(Files.createDirectories(tmp.resolve("planes")), "stack");
		FileSegmentation.write(expected, whole.getCalibration(), a);
		FileSegmentation.write(actual, header.getCalibration(), b);
		for (int i = 0; i < 3; i++)
			assertArrayEquals(Files.readAllBytes(a.files().get(i)), Files.readAllBytes(b.files().get(i)),
				a.files().get(i).getFileName().toString());
		assertTrue(whole.getCalibration().scaled());
		assertTrue(Files.readString(a.table()).contains("area_" + whole.getCalibration().getUnit() + "^2"), "calibrated");
	}

	@Test
	void aPlaneWithBoxesCannotBeLeftOut() throws IOException {
		Path file = TestImages.hyperstackTiff(tmp.resolve("stack.tif"), 3, 2);
		ImagePlus image = ImageFiles.open(file);
		List<Box> boxes = BoxFiles.read(TestImages.hyperstackCsv(tmp.resolve("stack.csv"), 3, 2), StackShape.of(image),
			new ArrayList<>());
		List<PlaneSegmentation> some = segmenter().segmentPlanes(image, boxes, List.of(new Plane(1, 1), new Plane(2, 1)),
			ProgressListener.NONE);
		IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> DeepMacSegmenter.assemble(
			image, boxes, some, ModelProvenance.named("red-channel"), SegmentationOptions.defaults(), ProgressListener.NONE));
		assertEquals("Plane z3 t1 has boxes but no segmentation", missing.getMessage());
	}

	private static DeepMacSegmenter segmenter() {
		return new DeepMacSegmenter(new RedChannelModel(16, 256), SegmentationOptions.defaults());
	}
}
