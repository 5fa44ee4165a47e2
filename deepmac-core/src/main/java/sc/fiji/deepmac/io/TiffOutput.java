package sc.fiji.deepmac.io;

import java.io.IOException;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;

/** Saves an image as an ImageJ TIFF (calibration, stack layout and display range kept), atomically. */
public final class TiffOutput {

	private TiffOutput() {}

	public static void write(ImagePlus image, Path target) throws IOException {
		AtomicFiles.write(target, writer(image, target));
	}

	/** What writes {@code image} for {@link AtomicFiles}; {@code target} names it in messages. */
	public static IoWriter writer(ImagePlus image, Path target) {
		return temporary -> save(image, temporary, target);
	}

	private static void save(ImagePlus image, Path temporary, Path target) throws IOException {
		// FileSaver marks the image as saved, but the user's own image has not been saved anywhere.
		boolean unsavedChanges = image.changes;
		FileSaver saver = new FileSaver(image);
		String path = temporary.toString();
		boolean saved = image.getStackSize() > 1 ? saver.saveAsTiffStack(path) : saver.saveAsTiff(path);
		image.changes = unsavedChanges;
		if (!saved) throw new IOException("ImageJ could not write the TIFF file " + target + " (image '" + image
			.getTitle() + "')");
	}
}
