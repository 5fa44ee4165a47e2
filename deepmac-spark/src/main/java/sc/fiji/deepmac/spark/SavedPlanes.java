package sc.fiji.deepmac.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.options.RunSettings;

/**
 * The finished planes of a split stack, kept in the output folder until the stack's outputs are published, so that a
 * job killed before its merge redoes only the planes it had not finished. They lie in
 * {@code OUT/.deepmac-planes/<stem>-<key>/<plane>.plane} (Java serialization of {@link PlaneResult}); the key is a
 * digest of the stack's and the boxes' paths, sizes and modification times and of the run's settings, so a changed
 * input or option finds no saved planes, and a saved plane is used only when the model that made it is the one loaded
 * now (its SHA-256). Writing is best effort: a plane that cannot be saved is simply redone by a rerun.
 *
 * @param folder this stack's folder of saved planes
 */
record SavedPlanes(String folder, HadoopConf conf) implements Serializable {

	static final String FOLDER = ".deepmac-planes";

	/** The saved planes of {@code image} (with {@code boxes}) under {@code settings}, on the driver. */
	static SavedPlanes of(HadoopConf conf, Path outDir, String image, String boxes, RunSettings settings)
		throws IOException
	{
		StringBuilder identity = new StringBuilder(settings.toString());
		for (String file : new String[] { image, boxes }) {
			Path path = new Path(file);
			FileStatus status = conf.fileSystem(path).getFileStatus(path);
			identity.append('\n').append(status.getPath()).append(' ').append(status.getLen()).append(' ')
				.append(status.getModificationTime());
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
			String key = HexFormat.of().formatHex(digest, 0, 8);
			return new SavedPlanes(new Path(new Path(outDir, FOLDER), OutputSet.stem(image) + "-" + key).toString(), conf);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java has SHA-256", e);
		}
	}

	/** The saved result of plane {@code index}, if a run saved one that can be read. */
	Optional<PlaneResult> saved(int index) {
		Path file = file(index);
		try {
			FileSystem fs = conf.fileSystem(file);
			if (!fs.exists(file)) return Optional.empty();
			try (ObjectInputStream in = new ObjectInputStream(fs.open(file))) {
				return Optional.of((PlaneResult) in.readObject());
			}
		}
		catch (IOException | ClassNotFoundException | ClassCastException unreadable) {
			return Optional.empty(); // half-written by a killed task, or by another version: redone
		}
	}

	/** Saves a finished plane, under a temporary name and renamed. */
	void save(PlaneResult plane) {
		Path file = file(plane.index()), temporary = new Path(folder, "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
		try {
			FileSystem fs = conf.fileSystem(file);
			try (ObjectOutputStream out = new ObjectOutputStream(fs.create(temporary, true))) {
				out.writeObject(plane);
			}
			if (!fs.rename(temporary, file)) fs.delete(temporary, false);
		}
		catch (IOException notSaved) {
			// a rerun redoes this plane
		}
	}

	/** How many planes are saved: what a rerun will not redo. */
	int count() throws IOException {
		Path dir = new Path(folder);
		FileSystem fs = conf.fileSystem(dir);
		if (!fs.exists(dir)) return 0;
		int n = 0;
		for (FileStatus f : fs.listStatus(dir)) if (f.getPath().getName().endsWith(".plane")) n++;
		return n;
	}

	/**
	 * Removes this stack's saved planes, and their parent folder once it is empty. Best effort: what stays is found by
	 * no later run with other inputs, and redone by none with these.
	 */
	void clear() {
		Path dir = new Path(folder);
		try {
			FileSystem fs = conf.fileSystem(dir);
			fs.delete(dir, true);
			Path parent = dir.getParent();
			if (fs.exists(parent) && fs.listStatus(parent).length == 0) fs.delete(parent, false);
		}
		catch (IOException othersArrived) {
			// another stack's planes being saved in the parent: its merge removes it
		}
	}

	private Path file(int index) {
		return new Path(folder, index + ".plane");
	}
}
