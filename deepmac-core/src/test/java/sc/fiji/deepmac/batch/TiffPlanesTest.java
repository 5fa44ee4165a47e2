package sc.fiji.deepmac.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.LUT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.testing.TestImages;

/** A stack read slice by slice is the stack that ImageFiles.open reads whole, and reads only what it is asked for. */
class TiffPlanesTest {

	@TempDir
	Path tmp;

	@Test
	void aHyperstackHasTheShapeCalibrationColoursAndPixelsOfTheWholeImage() throws IOException {
		Path file = TestImages.hyperstackTiff(tmp.resolve("hyper.tif"), 3, 2);
		TiffPlanes planes = TiffPlanes.read(TiffPlanes.source(file), ImageFiles.maxPixels()).orElseThrow();
		assertEquals(6, planes.planes());
		assertEquals(2, planes.channels());
		assertSameImage(ImageFiles.open(file), planes.image());
	}

	@Test
	void aPlainZStackAndStacksOfSeveralDirectoriesQualifyToo() throws IOException {
		ImageStack stack = new ImageStack(40, 30);
		for (int z = 0; z < 5; z++) stack.addSlice(TestImages.disks(40, 30, 10 + 3 * z, 15, 6));
		Path zStack = tmp.resolve("z.tif");
		new FileSaver(new ImagePlus("z", stack)).saveAsTiffStack(zStack.toString());
		for (Path file : new Path[] { zStack, directories(tmp.resolve("lzw.tif"), "LZW"),
			directories(tmp.resolve("raw.tif"), null), withoutImageJDescription(tmp.resolve("foreign.tif")) })
		{
			TiffPlanes planes = TiffPlanes.read(TiffPlanes.source(file), ImageFiles.maxPixels()).orElseThrow();
			ImagePlus whole = ImageFiles.open(file);
			assertEquals(whole.getStackSize(), planes.planes(), file.toString());
			assertSameImage(whole, planes.image());
		}
	}

	@Test
	void onlyStacksQualifyAndBadFilesFailAsWhenOpenedWhole() throws IOException {
		Path single = TestImages.twoDisksTiff(tmp.resolve("single.tif"));
		assertTrue(TiffPlanes.read(TiffPlanes.source(single), ImageFiles.maxPixels()).isEmpty(), "one plane");
		Path png = tmp.resolve("disks.png");
		ImageIO.write(TestImages.disks(20, 20, 10, 10, 5).getBufferedImage(), "png", png.toFile());
		assertTrue(TiffPlanes.read(TiffPlanes.source(png), ImageFiles.maxPixels()).isEmpty(), "not a TIFF");

		Path hyper = TestImages.hyperstackTiff(tmp.resolve("hyper.tif"), 3, 2);
		Path truncated = tmp.resolve("truncated.tif");
		byte[] bytes = Files.readAllBytes(hyper);
		Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 96 * 80));
		ImageInputException whole = assertThrows(ImageInputException.class, () -> ImageFiles.open(truncated));
		ImageInputException planes = assertThrows(ImageInputException.class,
			() -> TiffPlanes.read(TiffPlanes.source(truncated), ImageFiles.maxPixels()));
		assertEquals(whole.getMessage(), planes.getMessage());
		ImageInputException tooLarge = assertThrows(ImageInputException.class,
			() -> TiffPlanes.read(TiffPlanes.source(hyper), 1000));
		assertEquals(assertThrows(ImageInputException.class, () -> ImageFiles.open(hyper, 1000)).getMessage(),
			tooLarge.getMessage());
	}

	@Test
	void fromAStreamItReadsTheHeaderAndTheSlicesAskedForOnly() throws IOException {
		Path file = TestImages.hyperstackTiff(tmp.resolve("many.tif"), 10, 2);
		AtomicLong read = new AtomicLong();
		TiffPlanes.Source counting = counting(file, read);
		ImagePlus image = TiffPlanes.read(counting, ImageFiles.maxPixels()).orElseThrow().image();
		int z = 7, t = 2;
		long before = read.get();
		Object channel2 = image.getStack().getPixels(image.getStackIndex(2, z, t));
		assertEquals(96 * 80, read.get() - before, "one slice's bytes");
		assertArrayEquals((byte[]) ImageFiles.open(file).getStack().getPixels(image.getStackIndex(2, z, t)),
			(byte[]) channel2);
		assertTrue(read.get() < Files.size(file) / 4, read.get() + " of " + Files.size(file) + " bytes read");
	}

	/** The same title, shape, calibration, channel colours and pixels. */
	private static void assertSameImage(ImagePlus expected, ImagePlus actual) {
		assertEquals(expected.getTitle(), actual.getTitle());
		assertArrayEquals(expected.getDimensions(), actual.getDimensions());
		assertEquals(expected.isHyperStack(), actual.isHyperStack());
		assertEquals(expected.getBitDepth(), actual.getBitDepth());
		assertEquals(expected.getCalibration().toString(), actual.getCalibration().toString());
		assertTrue(expected.getCalibration().equals(actual.getCalibration()));
		assertEquals(expected.isComposite(), actual.isComposite());
		if (expected instanceof CompositeImage composite) {
			assertEquals(composite.getMode(), ((CompositeImage) actual).getMode());
			for (int c = 1; c <= expected.getNChannels(); c++)
				assertArrayEquals(bytes(composite.getChannelLut(c)), bytes(((CompositeImage) actual).getChannelLut(c)));
		}
		for (int n = 1; n <= expected.getStackSize(); n++) {
			Object a = expected.getStack().getPixels(n), b = actual.getStack().getPixels(n);
			if (a instanceof byte[] x) assertArrayEquals(x, (byte[]) b, "slice " + n);
			else assertArrayEquals((short[]) a, (short[]) b, "slice " + n);
		}
	}

	private static byte[] bytes(LUT lut) {
		byte[] rgb = new byte[3 * 256];
		byte[] part = new byte[256];
		lut.getReds(part);
		System.arraycopy(part, 0, rgb, 0, 256);
		lut.getGreens(part);
		System.arraycopy(part, 0, rgb, 256, 256);
		lut.getBlues(part);
		System.arraycopy(part, 0, rgb, 512, 256);
		return rgb;
	}

	/** Four 16-bit 120 x 90 planes, one image file directory each (ImageIO's writer), compressed or not. */
	private static Path directories(Path file, String compression) throws IOException {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
			writer.setOutput(out);
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(compression == null ? ImageWriteParam.MODE_DISABLED : ImageWriteParam.MODE_EXPLICIT);
			if (compression != null) param.setCompressionType(compression);
			writer.prepareWriteSequence(null);
			for (int p = 0; p < 4; p++) {
				BufferedImage plane = new BufferedImage(120, 90, BufferedImage.TYPE_USHORT_GRAY);
				for (int y = 0; y < 90; y++)
					for (int x = 0; x < 120; x++)
						plane.getRaster().setSample(x, y, 0, (x * 37 + y * 101 + p * 1009) % 65536);
				writer.writeToSequence(new IIOImage(plane, null, null), param);
			}
			writer.endWriteSequence();
		}
		finally {
			writer.dispose();
		}
		return file;
	}

	/**
	 * An ImageJ hyperstack whose description another program would not know: ImageJ then reads its directories, one per
	 * slice, which follow each other (ImageJ's Opener reads such a file as one contiguous stack, not a CompositeImage).
	 */
	private static Path withoutImageJDescription(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(TestImages.hyperstackTiff(file, 3, 2));
		String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
		int at = text.indexOf("ImageJ=");
		assertTrue(at > 0);
		bytes[at] = 'X';
		return Files.write(file, bytes);
	}

	/** {@code file} as a file system that only opens streams, counting the bytes read from them. */
	private static TiffPlanes.Source counting(Path file, AtomicLong read) {
		TiffPlanes.Source local = TiffPlanes.source(file);
		return new TiffPlanes.Source() {
			@Override
			public String name() {
				return local.name();
			}

			@Override
			public String path() {
				return local.path();
			}

			@Override
			public long length() throws IOException {
				return local.length();
			}

			@Override
			public InputStream open(long offset) throws IOException {
				return new FilterInputStream(local.open(offset)) {
					@Override
					public int read() throws IOException {
						int b = super.read();
						if (b >= 0) read.incrementAndGet();
						return b;
					}

					@Override
					public int read(byte[] buffer, int off, int len) throws IOException {
						int n = super.read(buffer, off, len);
						if (n > 0) read.addAndGet(n);
						return n;
					}
				};
			}
		};
	}
}
