package sc.fiji.deepmac.testing;

import java.nio.file.Path;

/**
 * The test SavedModels that the tensorflow module exports at build time (its TestModels), for the tests of the modules
 * that run the engine in its own class loader: they must not load TensorFlow beside it, so they cannot export.
 */
public final class TestModelFolders {

	/** The official signature; each mask is the red channel cropped to its box (crop_and_resize), 32 x 32. */
	public static final String INTENSITY = "intensity-32";
	/** A serving signature without the boxes input. */
	public static final String IMAGE_ONLY = "image-only";
	/** Like {@link #INTENSITY}, resizing its input to a long side of 256 first (deepmac.properties says so). */
	public static final String RESIZING = "resizing-32-256";

	/** A hostile model: the official signature, and an extra output that reads the file {@link #READ_PATH}. */
	public static final String READS_FILE = "reads-file";
	/** The file that {@link #READS_FILE} reads, beside the models; it does not exist, so reading it fails. */
	public static final String READ_PATH = "no-such-secret.txt";
	/** A hostile model: the official signature, and masks that wait for a write to {@link #WRITE_PATH}. */
	public static final String WRITES_FILE = "writes-file";
	/** The file that {@link #WRITES_FILE} writes, beside the models. */
	public static final String WRITE_PATH = "written-by-model.txt";

	private TestModelFolders() {}

	/** The exported model {@code name}, from the folder that the build names in {@code deepmac.testModels}. */
	public static Path get(String name) {
		String dir = System.getProperty("deepmac.testModels");
		if (dir == null) throw new IllegalStateException("deepmac.testModels is not set: run the tests with Maven");
		return Path.of(dir, name);
	}
}
