package sc.fiji.deepmac.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

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

	/** 16-bit, 256 x 256: a noisy background at 1000 and blurred disks at {@code level}, given as {cx, cy, r}. */
	public static ShortProcessor blurredDisks(long seed, int level, int... cxcyr) {
		ShortProcessor ip = new ShortProcessor(256, 256);
		ip.setValue(1000);
		ip.fill();
		ip.setValue(level);
		for (int i = 0; i < cxcyr.length; i += 3)
			ip.fillOval(cxcyr[i] - cxcyr[i + 2], cxcyr[i + 1] - cxcyr[i + 2], 2 * cxcyr[i + 2], 2 * cxcyr[i + 2]);
		ip.blurGaussian(2.5);
		java.util.Random random = new java.util.Random(seed);
		for (int i = 0; i < ip.getPixelCount(); i++)
			ip.set(i, (int) Math.max(0, Math.min(65535, ip.get(i) * (1 + 0.05 * random.nextGaussian()) + 40 * random.nextGaussian())));
		return ip;
	}

	/** Many nuclei, as in a nuclei channel. */
	public static ShortProcessor nuclei(long seed) {
		return blurredDisks(seed, 20000, 40, 40, 18, 100, 50, 15, 180, 40, 20, 60, 120, 16, 140, 130, 19, 210, 110, 14,
			40, 200, 17, 120, 210, 15, 200, 200, 18);
	}

	/** A saturated blob of about 0.4% of the plane, with a blurred rim. */
	public static ShortProcessor withArtefact(ShortProcessor ip) {
		ShortProcessor blob = new ShortProcessor(ip.getWidth(), ip.getHeight());
		blob.setValue(65535);
		blob.fillOval(150, 80, 18, 18);
		blob.blurGaussian(1);
		for (int i = 0; i < ip.getPixelCount(); i++)
			ip.set(i, Math.min(65535, ip.get(i) + 2 * blob.get(i)));
		return ip;
	}
}
