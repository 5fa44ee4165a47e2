package sc.fiji.deepmac.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/** The driver's Hadoop configuration (with spark.hadoop.* settings, S3 keys, ...) carried to the executors. */
final class HadoopConf implements Serializable {

	private static final long serialVersionUID = 1L;
	private transient Configuration conf;

	HadoopConf(Configuration conf) {
		this.conf = conf;
	}

	/** The file system of {@code path}; local paths without Hadoop's .crc checksum files beside every output. */
	FileSystem fileSystem(Path path) throws IOException {
		FileSystem fs = path.getFileSystem(conf);
		return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
	}

	/** Copies {@code remote} into the local folder {@code localDir}, under its own name, and returns the copy. */
	java.nio.file.Path fetch(Path remote, java.nio.file.Path localDir) throws IOException {
		java.nio.file.Path local = localDir.resolve(remote.getName());
		fileSystem(remote).copyToLocalFile(false, remote, new Path(local.toUri()), true);
		return local;
	}

	private void writeObject(ObjectOutputStream out) throws IOException {
		conf.write(out);
	}

	private void readObject(ObjectInputStream in) throws IOException {
		conf = new Configuration(false);
		conf.readFields(in);
	}
}
