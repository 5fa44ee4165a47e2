package sc.fiji.deepmac.spark;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.io.OutputLock;

/**
 * The job's hold on its output folder, so that a second job (or a {@code batch}) on the same folder is refused rather
 * than publishing over the first one's files. On the local file system it is batch's own {@link OutputLock}: the two
 * exclude each other, and the lock dies with the driver. Other file systems (HDFS, S3, ...) have no such locks: there
 * it is a marker file, {@value #MARKER}, created only where none is (atomic on HDFS; on object stores a check then a
 * write), naming the job, and deleted when the job ends. A driver killed outright leaves the marker: the refusal says
 * whose it is and that it may be deleted when that job is gone.
 */
final class OutputFolderLock implements Closeable {

	static final String MARKER = ".deepmac-spark.lock";

	private final Closeable release;

	private OutputFolderLock(Closeable release) {
		this.release = release;
	}

	/**
	 * Locks {@code outDir} (created if need be) for the job {@code job} (its Spark application id, host, start time).
	 *
	 * @throws UserError of kind INPUT when another run holds the folder
	 */
	static OutputFolderLock acquire(FileSystem fs, Path outDir, String job) throws IOException {
		if (fs instanceof RawLocalFileSystem local) {
			OutputLock lock = OutputLock.acquire(local.pathToFile(outDir).toPath());
			return new OutputFolderLock(lock::close);
		}
		return withMarker(fs, outDir, job);
	}

	/** The marker-file lock, whatever the file system. */
	static OutputFolderLock withMarker(FileSystem fs, Path outDir, String job) throws IOException {
		fs.mkdirs(outDir);
		Path marker = new Path(outDir, MARKER);
		try (OutputStream out = fs.create(marker, false)) {
			out.write((job + "\n").getBytes(StandardCharsets.UTF_8));
		}
		catch (FileAlreadyExistsException held) {
			throw new UserError(UserError.Kind.INPUT, "Another deepmac-spark job is writing to " + outDir + " (" + holder(fs,
				marker) + "): wait until it has finished, or choose another output folder (--out); if that job is gone "
				+ "(its driver killed), delete " + marker);
		}
		return new OutputFolderLock(() -> fs.delete(marker, false));
	}

	private static String holder(FileSystem fs, Path marker) {
		try (var in = fs.open(marker)) {
			return "its marker says: " + new String(in.readNBytes(500), StandardCharsets.UTF_8).strip();
		}
		catch (IOException gone) {
			return "its marker was just removed; try again";
		}
	}

	@Override
	public void close() throws IOException {
		release.close();
	}
}
