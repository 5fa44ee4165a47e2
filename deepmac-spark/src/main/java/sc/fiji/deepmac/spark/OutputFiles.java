package sc.fiji.deepmac.spark;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import sc.fiji.deepmac.io.OutputSet;

/**
 * One image's outputs on the target file system, by the names of {@link OutputSet}: complete when all three exist and
 * are not empty, published one by one under a temporary name and renamed into place, the table last, so that a file
 * that exists is complete and a set with a table is complete.
 */
final class OutputFiles {

	private final FileSystem fs;
	private final Path outDir;
	private final OutputSet names;

	OutputFiles(FileSystem fs, Path outDir, String stem) {
		this.fs = fs;
		this.outDir = outDir;
		this.names = new OutputSet(java.nio.file.Paths.get("."), stem);
	}

	/** labels, ROIs, table: the order of publishing. */
	List<Path> targets() {
		return List.of(target(names.labels()), target(names.rois()), target(names.table()));
	}

	private Path target(java.nio.file.Path local) {
		return new Path(outDir, local.getFileName().toString());
	}

	boolean isComplete() throws IOException {
		for (Path p : targets()) {
			if (!fs.exists(p)) return false;
			FileStatus status = fs.getFileStatus(p);
			if (!status.isFile() || status.getLen() == 0) return false;
		}
		return true;
	}

	/**
	 * Publishes the local files of {@code local} (an OutputSet in a local folder). The old table goes first: until the
	 * new one is in place, the set does not count as complete.
	 */
	void publish(OutputSet local) throws IOException {
		fs.mkdirs(outDir);
		List<Path> targets = targets();
		fs.delete(targets.get(2), false);
		List<java.nio.file.Path> files = List.of(local.labels(), local.rois(), local.table());
		for (int i = 0; i < files.size(); i++) {
			Path target = targets.get(i);
			// what a killed run left of this file
			FileStatus[] stale = fs.globStatus(new Path(outDir, "." + target.getName() + ".*.tmp"));
			if (stale != null) for (FileStatus f : stale) fs.delete(f.getPath(), false);
			Path temporary = new Path(outDir, "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
			try {
				fs.copyFromLocalFile(false, true, new Path(files.get(i).toUri()), temporary);
				fs.delete(target, false);
				if (!fs.rename(temporary, target)) throw new IOException("Cannot rename " + temporary + " to " + target);
			}
			finally {
				fs.delete(temporary, false);
			}
		}
	}
}
