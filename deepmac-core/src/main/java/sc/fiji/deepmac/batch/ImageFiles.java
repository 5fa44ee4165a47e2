package sc.fiji.deepmac.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;

import sc.fiji.deepmac.io.InputPaths;

/**
 * Opens images with ImageJ's own readers, headless. Before anything is decoded, the size that the file's header
 * declares is checked against a limit (a small file may declare billions of pixels), and a TIFF's pixel data must
 * lie within the file; a PNG or JPEG must decode without a warning (a truncated one otherwise opens padded).
 */
public final class ImageFiles {

	/** File endings that a batch treats as images. */
	public static final Set<String> EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp", "pgm");

	/** System property that raises or lowers {@link #DEFAULT_MAX_PIXELS}. */
	public static final String MAX_PIXELS_PROPERTY = "deepmac.maxPixels";
	/** Largest image opened unless told otherwise: width x height x planes, 2^30 (about 1.07 gigapixels). */
	public static final long DEFAULT_MAX_PIXELS = 1L << 30;

	/** Opener's file types that are images; checked first, since opening anything else makes ImageJ print. */
	private static final Set<Integer> IMAGE_TYPES = Set.of(Opener.TIFF, Opener.TIFF_AND_DICOM, Opener.DICOM, Opener.FITS,
		Opener.PGM, Opener.JPEG, Opener.GIF, Opener.BMP, Opener.PNG, Opener.ZIP, Opener.AVI);
	private static final Set<Integer> TIFF_TYPES = Set.of(Opener.TIFF, Opener.TIFF_AND_DICOM);
	private static final Set<Integer> IMAGE_IO_TYPES = Set.of(Opener.PNG, Opener.JPEG, Opener.GIF, Opener.BMP);
	/** Formats whose decoders pad missing data (with a warning) rather than fail. */
	private static final Set<Integer> DECODED_FIRST = Set.of(Opener.PNG, Opener.JPEG);

	private ImageFiles() {}

	public static boolean isImage(Path file) {
		return hasImageExtension(file.getFileName().toString()) && Files.isRegularFile(file);
	}

	/** Whether a file name ends in one of {@link #EXTENSIONS}, in any case. */
	public static boolean hasImageExtension(String fileName) {
		String name = fileName.toLowerCase(Locale.ROOT);
		int dot = name.lastIndexOf('.');
		return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
	}

	/** The pixel limit: the {@value #MAX_PIXELS_PROPERTY} system property, else {@link #DEFAULT_MAX_PIXELS}. */
	public static long maxPixels() {
		return Long.getLong(MAX_PIXELS_PROPERTY, DEFAULT_MAX_PIXELS);
	}

	/** {@link #open(Path, long)} with the pixel limit of {@link #maxPixels()}. */
	public static ImagePlus open(Path file) {
		return open(file, maxPixels());
	}

	/**
	 * @param maxPixels the most pixels (width x height x planes) that the file may declare
	 * @throws ImageInputException when the file is missing, unreadable, too large, truncated or not an image
	 */
	public static ImagePlus open(Path file, long maxPixels) {
		String problem = InputPaths.fileProblem(file);
		if (problem != null) throw new ImageInputException("Image " + file + " " + problem);
		String path = file.toAbsolutePath().toString();
		int type = new Opener().getFileType(path);
		if (!IMAGE_TYPES.contains(type)) throw new ImageInputException("Cannot open image " + file
			+ ": not a format ImageJ reads as an image (TIFF, PNG, JPEG, GIF, BMP, PGM, ...)");
		try {
			if (TIFF_TYPES.contains(type)) checkTiff(file, maxPixels);
			else if (IMAGE_IO_TYPES.contains(type)) checkImageIo(file, maxPixels, DECODED_FIRST.contains(type));
		}
		catch (IOException | RuntimeException e) {
			throw corrupt(file.toString(), e);
		}
		ImagePlus image;
		try {
			image = new Opener().openImage(path);
		}
		catch (RuntimeException e) {
			image = null;
		}
		if (image == null || image.getWidth() == 0) throw corrupt(file.toString(), null);
		return image;
	}

	static ImageInputException corrupt(String file, Exception cause) {
		if (cause instanceof ImageInputException refused) return refused;
		String detail = cause == null || cause.getMessage() == null ? ""
			: " (" + cause.getMessage().replace('\n', ' ') + ")";
		return new ImageInputException("Cannot open image " + file + ": it is corrupt or not a format ImageJ reads"
			+ " (TIFF, PNG, JPEG, GIF, BMP, PGM)" + detail);
	}

	/** The declared size of every image in the file, and its pixel data inside the file. */
	private static void checkTiff(Path file, long maxPixels) throws IOException {
		Path absolute = file.toAbsolutePath();
		FileInfo[] infos = new TiffDecoder(absolute.getParent().toString() + "/", absolute.getFileName().toString())
			.getTiffInfo();
		checkTiff(file.toString(), infos, Files.size(file), maxPixels);
	}

	/**
	 * The checks of {@link #open} on a TIFF header that is already decoded: the declared size against the limit, the
	 * pixel data within the file's {@code length} bytes.
	 *
	 * @param file names the file in messages
	 */
	static void checkTiff(String file, FileInfo[] infos, long length, long maxPixels) {
		if (infos == null || infos.length == 0) throw corrupt(file, null);
		long pixels = 0, bytes = 0;
		for (FileInfo info : infos) {
			long planes = Math.max(1, info.nImages);
			pixels += (long) info.width * info.height * planes;
			bytes += (long) info.width * info.height * planes * info.getBytesPerPixel();
		}
		int planes = infos.length == 1 ? Math.max(1, infos[0].nImages) : infos.length;
		checkSize(file, infos[0].width, infos[0].height, planes, pixels, bytes, maxPixels);
		for (int i = 0; i < infos.length; i++) {
			long end = dataEnd(infos[i]);
			if (end > length) throw new ImageInputException("Image " + file + " is truncated: " + missing(infos[i], i,
				infos.length, end, length) + ": use the complete file");
		}
	}

	/** Where the pixel data of one image file directory ends. */
	private static long dataEnd(FileInfo info) {
		long planeBytes = (long) info.width * info.height * info.getBytesPerPixel();
		if (info.nImages > 1 && info.compression == FileInfo.COMPRESSION_NONE)
			return info.getOffset() + info.nImages * planeBytes + (info.nImages - 1L) * info.gapBetweenImages;
		if (info.stripOffsets == null || info.stripLengths == null) return 0;
		long end = 0;
		for (int s = 0; s < Math.min(info.stripOffsets.length, info.stripLengths.length); s++)
			end = Math.max(end, Integer.toUnsignedLong(info.stripOffsets[s])
				+ Integer.toUnsignedLong(info.stripLengths[s]));
		return end;
	}

	private static String missing(FileInfo info, int index, int count, long end, long length) {
		if (info.nImages > 1) {
			long planeBytes = Math.max(1, (long) info.width * info.height * info.getBytesPerPixel());
			long present = Math.max(0, (length - info.getOffset()) / planeBytes);
			return "it declares " + info.nImages + " planes of " + info.width + " x " + info.height + " but holds "
				+ present + " complete plane" + (present == 1 ? "" : "s") + " (" + length + " of " + end + " bytes)";
		}
		String which = count > 1 ? "plane " + (index + 1) + " of " + count : "its pixel data";
		return which + " ends at byte " + end + " but the file has " + length + " bytes";
	}

	/** The header's width and height, without decoding; PNG and JPEG are then decoded and must not warn. */
	private static void checkImageIo(Path file, long maxPixels, boolean decode) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
			if (readers == null || !readers.hasNext()) return; // ImageJ has readers of its own for some of these
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				int width = reader.getWidth(0), height = reader.getHeight(0);
				long pixels = (long) width * height;
				checkSize(file.toString(), width, height, 1, pixels, 4 * pixels, maxPixels);
				if (!decode) return;
				reader.addIIOReadWarningListener((source, warning) -> {
					throw new ImageInputException("Image " + file + " is damaged or truncated (" + warning
						+ "): use the complete file");
				});
				reader.read(0);
			}
			finally {
				reader.dispose();
			}
		}
	}

	private static void checkSize(String file, int width, int height, int planes, long pixels, long bytes, long maxPixels) {
		if (width <= 0 || height <= 0) throw new ImageInputException("Image " + file + " declares a size of " + width
			+ " x " + height + ": it is corrupt");
		if (pixels > maxPixels) throw new ImageInputException(String.format(Locale.ROOT,
			"Image %s declares %d x %d x %d plane%s = %,d pixels (%,d MiB), more than the limit of %,d pixels: if it is"
				+ " genuine, raise the limit with --max-pixels or -D%s", file, width, height, planes,
			planes == 1 ? "" : "s", pixels, bytes >> 20, maxPixels, MAX_PIXELS_PROPERTY));
	}
}
