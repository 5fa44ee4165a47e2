package sc.fiji.deepmac.segment;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;

/** One (slice, frame) plane of an image, both 1-based: what the pipeline segments at a time, all channels together. */
public record Plane(int slice, int frame) implements java.io.Serializable {

	/** Every plane of {@code image}, in the order of its stack: slices first, then frames. */
	public static List<Plane> all(ImagePlus image) {
		List<Plane> planes = new ArrayList<>();
		for (int t = 1; t <= image.getNFrames(); t++)
			for (int z = 1; z <= image.getNSlices(); z++)
				planes.add(new Plane(z, t));
		return planes;
	}

	/** As messages name a plane: {@code z2 t1}. */
	@Override
	public String toString() {
		return "z" + slice + " t" + frame;
	}
}
