package sc.fiji.deepmac.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/** Small images and box files written by the tests. */
public final class TestImages {

	private TestImages() {}

	/** A dark 8-bit plane with bright filled disks, given as {cx, cy, r} triples. */
	public static ByteProcessor disks(int width, int height, int... cxcyr) {
		ByteProcessor ip = new ByteProcessor(width, height);
		ip.setValue(255);
		for (int i = 0; i < cxcyr.length; i += 3)
			ip.fillOval(cxcyr[i] - cxcyr[i + 2], cxcyr[i + 1] - cxcyr[i + 2], 2 * cxcyr[i + 2], 2 * cxcyr[i + 2]);
		return ip;
	}

	/** Intersection over union of the pixels labelled {@code label} and the non-zero pixels of {@code truth}. */
	public static double iou(ImageProcessor labels, int label, ImageProcessor truth) {
		long inter = 0, union = 0;
		for (int i = 0; i < labels.getPixelCount(); i++) {
			boolean a = (int) labels.getf(i) == label, b = truth.getf(i) > 0;
			if (a && b) inter++;
			if (a || b) union++;
		}
		return union == 0 ? 1 : (double) inter / union;
	}

	/** Writes a 64x48 TIFF with two disks, and returns its path. */
	public static Path twoDisksTiff(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		if (!new FileSaver(new ImagePlus(file.getFileName().toString(), disks(64, 48, 16, 20, 10, 44, 26, 12)))
			.saveAsTiff(file.toString())) throw new IOException("cannot write " + file);
		return file;
	}

	/** The boxes CSV that goes with {@link #twoDisksTiff}. */
	public static Path twoDisksCsv(Path file) throws IOException {
		return Files.writeString(file, "x,y,width,height,name\n4,8,24,24,left\n30,12,28,28,right\n");
	}
}
