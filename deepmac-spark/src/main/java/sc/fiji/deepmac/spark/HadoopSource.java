package sc.fiji.deepmac.spark;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import sc.fiji.deepmac.batch.TiffPlanes;

/**
 * An image on a Hadoop file system as {@link TiffPlanes} reads it: through streams that seek to the part asked for,
 * so that a task reads its plane and not the whole stack; a file on the local file system is the file itself.
 */
final class HadoopSource implements TiffPlanes.Source {

	private final FileSystem fs;
	private final Path path;
	private final String given;
	private final long length;

	/** @param given the image as the user gave it, which messages name */
	HadoopSource(HadoopConf conf, String given) throws IOException {
		this.path = new Path(given);
		this.fs = conf.fileSystem(path);
		this.given = given;
		this.length = fs.getFileStatus(path).getLen();
	}

	@Override
	public String name() {
		return path.getName();
	}

	@Override
	public String path() {
		return given;
	}

	@Override
	public long length() {
		return length;
	}

	@Override
	public InputStream open(long offset) throws IOException {
		FSDataInputStream stream = fs.open(path);
		stream.seek(offset);
		// ImageJ skips to the pixel data: a seek, where InputStream.skip of some file systems reads what it skips
		return new FilterInputStream(stream) {
			@Override
			public long skip(long n) throws IOException {
				long from = stream.getPos(), to = Math.min(length, from + Math.max(0, n));
				stream.seek(to);
				return to - from;
			}
		};
	}

	@Override
	public java.nio.file.Path file() {
		return fs instanceof RawLocalFileSystem local ? local.pathToFile(path).toPath() : null;
	}
}
