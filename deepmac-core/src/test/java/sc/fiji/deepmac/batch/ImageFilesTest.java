package sc.fiji.deepmac.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;

import sc.fiji.deepmac.testing.HostileFiles;

class ImageFilesTest {

	@TempDir
	Path tmp;

	private static String refused(Path file, long maxPixels) {
		return assertThrows(ImageInputException.class, () -> ImageFiles.open(file, maxPixels)).getMessage();
	}

	@Test
	void refusesATiffThatDeclaresMorePixelsThanTheLimitBeforeDecoding() throws IOException {
		Path bomb = HostileFiles.tiff(tmp.resolve("bomb.tif"), 100_000, 100_000, 16);
		assertTrue(Files.size(bomb) < 200);
		String message = refused(bomb, ImageFiles.DEFAULT_MAX_PIXELS);
		assertTrue(message.contains("bomb.tif declares 100000 x 100000 x 1 plane = 10,000,000,000 pixels (9,536 MiB)")
			&& message.contains("--max-pixels") && message.contains(ImageFiles.MAX_PIXELS_PROPERTY), message);
	}

	@Test
	void theLimitCountsEveryPlaneAndCanBeRaised() throws IOException {
		Path stack = HostileFiles.hyperstack(tmp.resolve("stack.tif"));
		String message = refused(stack, 32 * 32 * 11);
		assertTrue(message.contains("32 x 32 x 12 planes = 12,288 pixels"), message);
		ImagePlus image = ImageFiles.open(stack, 32 * 32 * 12);
		assertEquals(12, image.getStackSize());
		assertEquals(3, image.getNSlices());
	}

	@Test
	void refusesAPngBombFromItsHeader() throws IOException {
		Path bomb = HostileFiles.pngDeclaring(tmp.resolve("bomb.png"), 40_000, 40_000);
		String message = refused(bomb, ImageFiles.DEFAULT_MAX_PIXELS);
		assertTrue(message.contains("bomb.png declares 40000 x 40000 x 1 plane = 1,600,000,000 pixels"), message);
	}

	@Test
	void refusesATiffWhosePixelsLiePastTheEndOfTheFile() throws IOException {
		Path cut = HostileFiles.tiff(tmp.resolve("cut.tif"), 64, 64, 2048);
		String message = refused(cut, ImageFiles.DEFAULT_MAX_PIXELS);
		assertTrue(message.contains("cut.tif is truncated: its pixel data ends at byte") && message.contains("but the file has"),
			message);
		assertEquals(64, ImageFiles.open(HostileFiles.tiff(tmp.resolve("whole.tif"), 64, 64, 4096)).getWidth());
	}

	@Test
	void refusesATruncatedHyperstackNamingTheMissingPlanes() throws IOException {
		Path stack = HostileFiles.truncate(HostileFiles.hyperstack(tmp.resolve("stack.tif")), 0.5);
		String message = refused(stack, ImageFiles.DEFAULT_MAX_PIXELS);
		assertTrue(message.contains("stack.tif is truncated: it declares 12 planes of 32 x 32 but holds 6 complete planes (7059 of 12601 bytes)"),
			message);
	}

	@Test
	void refusesTruncatedJpegAndPngButOpensWholeOnes() throws IOException {
		for (String format : new String[] { "jpg", "png" }) {
			Path whole = HostileFiles.picture(tmp.resolve("whole." + format), format);
			assertEquals(64, ImageFiles.open(whole).getWidth());
			Path cut = HostileFiles.truncate(HostileFiles.picture(tmp.resolve("cut." + format), format), 0.6);
			String message = refused(cut, ImageFiles.DEFAULT_MAX_PIXELS);
			assertTrue(message.startsWith("Image " + cut + " is damaged or truncated") || message.startsWith("Cannot open image "
				+ cut + ": it is corrupt"), message);
		}
	}

	@Test
	void namesWhatIsWrongWithAPathThatIsNoFile() throws IOException {
		Path folder = Files.createDirectories(tmp.resolve("folder.tif"));
		assertEquals("Image " + folder + " is a folder, not a file", refused(folder, 1));
		assertEquals("Image " + tmp.resolve("none.tif") + " does not exist", refused(tmp.resolve("none.tif"), 1));
	}
}
