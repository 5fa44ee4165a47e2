package sc.fiji.deepmac.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.Opener;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

class TiffOutputTest {

	@TempDir
	Path folder;

	@Test
	void sixteenBitStackKeepsPixelsSlicesAndCalibration() throws IOException {
		int width = 5, height = 3;
		ImageStack stack = new ImageStack(width, height);
		short[] slice1 = new short[width * height];
		short[] slice2 = new short[width * height];
		for (int i = 0; i < slice1.length; i++) {
			slice1[i] = (short) i;
			slice2[i] = (short) (60000 - i * 1000); // above 32767: unsigned values must survive
		}
		stack.addSlice("first", slice1);
		stack.addSlice("second", slice2);
		ImagePlus labels = new ImagePlus("cells_labels", stack);
		Calibration calibration = labels.getCalibration();
		calibration.pixelWidth = 0.25;
		calibration.pixelHeight = 0.5;
		calibration.pixelDepth = 2;
		calibration.setUnit("µm");
		labels.changes = true;
		Path target = folder.resolve("out/cells_labels.tif");

		TiffOutput.write(labels, target);

		ImagePlus read = new Opener().openImage(target.toString());
		assertNotNull(read, "Opener could not read the file back");
		assertEquals(16, read.getBitDepth());
		assertEquals(2, read.getStackSize());
		assertArrayEquals(slice1, (short[]) read.getStack().getPixels(1));
		assertArrayEquals(slice2, (short[]) read.getStack().getPixels(2));
		assertEquals("second", read.getStack().getSliceLabel(2));
		Calibration readCalibration = read.getCalibration();
		assertEquals(0.25, readCalibration.pixelWidth, 1e-9);
		assertEquals(0.5, readCalibration.pixelHeight, 1e-9);
		assertEquals(2, readCalibration.pixelDepth, 1e-9);
		assertEquals("µm", readCalibration.getUnit());
		assertEquals("cells_labels", labels.getTitle(), "the user's image keeps its title");
		assertNull(labels.getOriginalFileInfo(), "the user's image does not point at the temporary file");
		assertTrue(labels.changes, "the user's image still has its unsaved changes");
		assertOnlyFile(target);
	}

	@Test
	void thirtyTwoBitPlaneRoundTripsExactly() throws IOException {
		float[] pixels = { -1.5f, 0f, 0.1f, 3.4e38f, Float.NaN, 1e-30f };
		ImagePlus image = new ImagePlus("scores", new FloatProcessor(3, 2, pixels));
		image.getCalibration().pixelWidth = 0.125;
		image.getCalibration().setUnit("micron");
		Path target = folder.resolve("scores.tif");

		TiffOutput.write(image, target);

		ImagePlus read = new Opener().openImage(target.toString());
		assertNotNull(read, "Opener could not read the file back");
		assertEquals(32, read.getBitDepth());
		assertEquals(1, read.getStackSize());
		assertArrayEquals(pixels, (float[]) read.getProcessor().getPixels());
		assertEquals(0.125, read.getCalibration().pixelWidth, 1e-12);
		assertEquals("scores", image.getTitle());
		assertOnlyFile(target);
	}

	@Test
	void replacesAnOlderTiff() throws IOException {
		Path target = folder.resolve("labels.tif");
		TiffOutput.write(new ImagePlus("old", new ShortProcessor(2, 2)), target);
		short[] newer = { 1, 2, 3, 4 };

		TiffOutput.write(new ImagePlus("new", new ShortProcessor(2, 2, newer, null)), target);

		assertArrayEquals(newer, (short[]) new Opener().openImage(target.toString()).getProcessor().getPixels());
		assertOnlyFile(target);
	}

	private static void assertOnlyFile(Path file) throws IOException {
		try (Stream<Path> files = Files.list(file.getParent())) {
			assertEquals(List.of(file), files.toList());
		}
	}
}
