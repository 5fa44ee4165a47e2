package sc.fiji.deepmac.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
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

	/**
	 * Writes a 96 x 80 8-bit ImageJ hyperstack TIFF, 2 channels (composite), {@code slices} x {@code frames} planes,
	 * 0.5 um pixels, and returns its path. Channel 1 has two disks: the first moves right from plane to plane, the
	 * second moves down a little. Channel 2 holds a dim copy of the first and a small bright disk of its own beside the
	 * second, which the composite shows in green only: read as gray, it would add to the red that the test models read.
	 */
	public static Path hyperstackTiff(Path file, int slices, int frames) throws IOException {
		ImageStack stack = new ImageStack(96, 80);
		for (int t = 1; t <= frames; t++)
			for (int z = 1; z <= slices; z++) {
				int p = (t - 1) * slices + z - 1, ax = 24 + 4 * p;
				stack.addSlice(disks(96, 80, ax, 28, 10, 64, 52 + p % 3, 12));
				ByteProcessor second = disks(96, 80, ax, 28, 10);
				second.multiply(0.4);
				second.setValue(220);
				second.fillOval(71, 59, 10, 10);
				stack.addSlice(second);
			}
		ImagePlus image = new ImagePlus(file.getFileName().toString(), stack);
		image.setDimensions(2, slices, frames);
		image.setOpenAsHyperStack(true);
		CompositeImage composite = new CompositeImage(image, IJ.COMPOSITE);
		Calibration cal = composite.getCalibration();
		cal.pixelWidth = cal.pixelHeight = 0.5;
		cal.setUnit("um");
		Files.createDirectories(file.getParent());
		if (!new FileSaver(composite).saveAsTiffStack(file.toString())) throw new IOException("cannot write " + file);
		return file;
	}

	/**
	 * The boxes CSV of {@link #hyperstackTiff}: the first disk on each plane by the stack index of its first channel,
	 * and one box on every plane around the second.
	 */
	public static Path hyperstackCsv(Path file, int slices, int frames) throws IOException {
		StringBuilder csv = new StringBuilder("name,x,y,width,height,slice\n");
		for (int t = 1; t <= frames; t++)
			for (int z = 1; z <= slices; z++) {
				int p = (t - 1) * slices + z - 1;
				csv.append("first-z" + z + "-t" + t + "," + (24 + 4 * p - 14) + ",14,28,28," + (2 * p + 1) + "\n");
			}
		csv.append("second,46,34,36,38,\n");
		return Files.writeString(file, csv);
	}
}
