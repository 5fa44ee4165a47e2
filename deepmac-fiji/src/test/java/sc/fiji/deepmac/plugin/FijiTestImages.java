package sc.fiji.deepmac.plugin;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/** Test images: dark planes with bright disks, and rectangles around them. */
final class FijiTestImages {

	/** Disk centres and radius of {@link #cells()}: {cx, cy, r}. */
	static final int[][] DISKS = { { 30, 30, 12 }, { 80, 60, 15 }, { 130, 35, 10 } };

	private FijiTestImages() {}

	/** A 160 x 100 8-bit image with the three {@link #DISKS}. */
	static ImagePlus cells() {
		return new ImagePlus("cells", disks(160, 100, DISKS));
	}

	static ByteProcessor disks(int width, int height, int[]... disks) {
		ByteProcessor ip = new ByteProcessor(width, height);
		ip.setValue(255);
		for (int[] d : disks)
			ip.fillOval(d[0] - d[2], d[1] - d[2], 2 * d[2], 2 * d[2]);
		return ip;
	}

	/** The disk alone, as a mask plane. */
	static ByteProcessor truth(int width, int height, int[] disk) {
		return disks(width, height, disk);
	}

	/** A rectangle 4 px larger than the disk on each side, named {@code name}. */
	static Roi box(int[] disk, String name) {
		Roi r = new Roi(disk[0] - disk[2] - 4, disk[1] - disk[2] - 4, 2 * disk[2] + 8, 2 * disk[2] + 8);
		r.setName(name);
		return r;
	}

	static Overlay boxes(int[]... disks) {
		Overlay o = new Overlay();
		for (int i = 0; i < disks.length; i++)
			o.add(box(disks[i], "cell-" + (i + 1)));
		return o;
	}

	/** A hyperstack of {@code slices} x {@code frames} planes, each with the disks of {@link #DISKS}. */
	static ImagePlus hyperstack(int slices, int frames) {
		ImageStack stack = new ImageStack(160, 100);
		for (int i = 0; i < slices * frames; i++)
			stack.addSlice(disks(160, 100, DISKS));
		ImagePlus imp = new ImagePlus("stack", stack);
		imp.setDimensions(1, slices, frames);
		imp.setOpenAsHyperStack(true);
		return imp;
	}

	static long count(ImageProcessor labels, int label) {
		long n = 0;
		for (int i = 0; i < labels.getPixelCount(); i++)
			if ((int) labels.getf(i) == label) n++;
		return n;
	}
}
