package sc.fiji.deepmac.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.fs.Path;

import ij.ImagePlus;

import sc.fiji.deepmac.batch.ImageInputException;
import sc.fiji.deepmac.batch.TiffPlanes;
import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.BoxFiles;
import sc.fiji.deepmac.box.StackShape;
import sc.fiji.deepmac.options.RunLimits;

/**
 * A stack that runs as one task per plane, and its boxes, on the file systems where they lie: what each of its tasks
 * (the planes', the merge's) reads. The stack is read plane by plane ({@link TiffPlanes}), never copied whole.
 */
record StackFiles(String image, String boxes, RunLimits limits, HadoopConf conf) implements Serializable {

	/**
	 * The number of (z, t) planes of {@code image} when it is a TIFF stack that can be read plane by plane, else 1: such
	 * an image runs whole, and its task reports any problem as {@code batch} does.
	 */
	static int planes(String image, long maxPixels, HadoopConf conf) {
		try {
			return TiffPlanes.read(new HadoopSource(conf, image), maxPixels).map(TiffPlanes::planes).orElse(1);
		}
		catch (IOException | RuntimeException e) {
			return 1;
		}
	}

	/** The stack, its pixels read when asked for. */
	ImagePlus open() throws IOException {
		return TiffPlanes.read(new HadoopSource(conf, image), limits.maxPixels())
			.orElseThrow(() -> new ImageInputException("Image " + image + " is no longer a stack that can be read plane by "
				+ "plane: run the job again"))
			.image();
	}

	/** The boxes of {@code image}, their file copied into the local folder {@code local} and read there. */
	List<Box> boxes(ImagePlus image, java.nio.file.Path local) throws IOException {
		return BoxFiles.read(conf.fetch(new Path(boxes), local), StackShape.of(image), new ArrayList<>());
	}
}
