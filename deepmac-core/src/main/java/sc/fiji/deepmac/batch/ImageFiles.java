package sc.fiji.deepmac.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;
import ij.io.Opener;

/** Opens images with ImageJ's own readers, headless. */
public final class ImageFiles {

	/** File endings that a batch treats as images. */
	public static final Set<String> EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp", "pgm");

	/** Opener's file types that are images; checked first, since opening anything else makes ImageJ print. */
	private static final Set<Integer> IMAGE_TYPES = Set.of(Opener.TIFF, Opener.TIFF_AND_DICOM, Opener.DICOM, Opener.FITS,
		Opener.PGM, Opener.JPEG, Opener.GIF, Opener.BMP, Opener.PNG, Opener.ZIP, Opener.AVI);

	private ImageFiles() {}

	public static boolean isImage(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		int dot = name.lastIndexOf('.');
		return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1)) && Files.isRegularFile(file);
	}

	/** @throws ImageInputException when the file is missing, unreadable or not an image ImageJ reads */
	public static ImagePlus open(Path file) {
		if (!Files.isRegularFile(file)) throw new ImageInputException("Image " + file + " does not exist");
		if (!Files.isReadable(file)) throw new ImageInputException("Image " + file + " cannot be read: check its permissions");
		int type = new Opener().getFileType(file.toAbsolutePath().toString());
		if (!IMAGE_TYPES.contains(type)) throw new ImageInputException("Cannot open image " + file
			+ ": not a format ImageJ reads as an image (TIFF, PNG, JPEG, GIF, BMP, PGM, ...)");
		ImagePlus image;
		try {
			image = new Opener().openImage(file.toAbsolutePath().toString());
		}
		catch (RuntimeException e) {
			image = null;
		}
		if (image == null || image.getWidth() == 0) throw new ImageInputException("Cannot open image " + file
			+ ": it is corrupt or not a format ImageJ reads (TIFF, PNG, JPEG, GIF, BMP, PGM)");
		return image;
	}
}
