package sc.fiji.deepmac.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

/** Small files that declare or hide more than they hold: decompression bombs, truncated images, zip bombs. */
public final class HostileFiles {

	private HostileFiles() {}

	/**
	 * An 8-bit grey TIFF of one strip that declares {@code width x height} pixels and holds {@code heldBytes} of
	 * them: with a huge size, a decompression bomb of a few hundred bytes; with fewer bytes, a truncated image.
	 */
	public static Path tiff(Path file, int width, int height, int heldBytes) throws IOException {
		short[][] tags = { { 256, 4 }, { 257, 4 }, { 258, 3 }, { 259, 3 }, { 262, 3 }, { 273, 4 }, { 277, 3 }, { 278, 4 },
			{ 279, 4 } };
		int ifdSize = 2 + 12 * tags.length + 4, dataOffset = 8 + ifdSize;
		long[] values = { width, height, 8, 1, 1, dataOffset, 1, height, (long) width * height };
		ByteBuffer b = ByteBuffer.allocate(dataOffset + heldBytes).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) tags.length);
		for (int i = 0; i < tags.length; i++) {
			b.putShort(tags[i][0]).putShort(tags[i][1]).putInt(1);
			if (tags[i][1] == 3) b.putShort((short) values[i]).putShort((short) 0);
			else b.putInt((int) values[i]);
		}
		b.putInt(0);
		Arrays.fill(b.array(), dataOffset, dataOffset + heldBytes, (byte) 7);
		return write(file, b.array());
	}

	/** A valid 1 x 1 PNG whose header is changed to declare {@code width x height}: it would inflate to that. */
	public static Path pngDeclaring(Path file, int width, int height) throws IOException {
		byte[] png = encode(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png");
		// Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), ..., CRC over type and 13 data bytes
		ByteBuffer b = ByteBuffer.wrap(png);
		b.putInt(16, width).putInt(20, height);
		CRC32 crc = new CRC32();
		crc.update(png, 12, 17);
		b.putInt(29, (int) crc.getValue());
		return write(file, png);
	}

	/** A 64 x 48 picture of noise in {@code format} ("png", "jpg"), as ImageIO writes it. */
	public static Path picture(Path file, String format) throws IOException {
		BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
		Random random = new Random(42);
		for (int y = 0; y < 48; y++)
			for (int x = 0; x < 64; x++)
				image.setRGB(x, y, random.nextInt());
		return write(file, encode(image, format));
	}

	/** A 32 x 32 8-bit hyperstack of 2 channels, 3 slices and 2 frames saved by ImageJ. */
	public static Path hyperstack(Path file) throws IOException {
		ImagePlus image = IJ.createImage(file.getFileName().toString(), "8-bit ramp", 32, 32, 2, 3, 2);
		Files.createDirectories(file.getParent());
		if (!new FileSaver(image).saveAsTiffStack(file.toString())) throw new IOException("cannot write " + file);
		return file;
	}

	/** Cuts {@code file} down to {@code fraction} of its bytes. */
	public static Path truncate(Path file, double fraction) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		return Files.write(file, Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
	}

	/** A zip with one entry {@code name} of {@code bytes} zeros, which deflate to almost nothing. */
	public static Path zipOfZeros(Path file, String name, int bytes) throws IOException {
		Files.createDirectories(file.getParent());
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			zip.putNextEntry(new ZipEntry(name));
			zip.write(new byte[bytes]);
			zip.closeEntry();
		}
		return file;
	}

	/** Changes the uncompressed size that the central directory declares for every entry of {@code zip}. */
	public static Path declareEntrySizes(Path zip, int size) throws IOException {
		byte[] bytes = Files.readAllBytes(zip);
		ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i + 28 <= bytes.length; i++)
			if (b.getInt(i) == 0x02014b50) b.putInt(i + 24, size);
		return Files.write(zip, bytes);
	}

	private static byte[] encode(BufferedImage image, String format) throws IOException {
		var out = new java.io.ByteArrayOutputStream();
		if (!ImageIO.write(image, format, out)) throw new IOException("no " + format + " writer");
		return out.toByteArray();
	}

	private static Path write(Path file, byte[] bytes) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		return Files.write(file, bytes);
	}
}
