package sc.fiji.deepmac.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.io.OutputLock;

/** Two runs on one output folder: the second is refused, on the local file system and with the marker file. */
class OutputFolderLockTest {

	@TempDir
	java.nio.file.Path tmp;

	private FileSystem fs() throws IOException {
		return new HadoopConf(new Configuration()).fileSystem(new Path(tmp.toUri()));
	}

	@Test
	void locallyItIsBatchsLockSoBatchAndSparkExcludeEachOther() throws IOException {
		Path out = new Path(tmp.resolve("out").toUri());
		try (OutputFolderLock job = OutputFolderLock.acquire(fs(), out, "job 1")) {
			UserError batch = assertThrows(UserError.class, () -> OutputLock.acquire(tmp.resolve("out")));
			assertTrue(batch.getMessage().startsWith("Another Deep-MAC run is writing to"), batch.getMessage());
			assertThrows(UserError.class, () -> OutputFolderLock.acquire(fs(), out, "job 2"));
		}
		OutputFolderLock.acquire(fs(), out, "job 3").close();
		try (OutputLock batch = OutputLock.acquire(tmp.resolve("out"))) {
			assertThrows(UserError.class, () -> OutputFolderLock.acquire(fs(), out, "job 4"));
		}
	}

	@Test
	void elsewhereAMarkerNamesTheJobAndGoesWithIt() throws IOException {
		Path out = new Path(tmp.resolve("out").toUri());
		try (OutputFolderLock job = OutputFolderLock.withMarker(fs(), out, "Spark application app-1 on host-a")) {
			UserError second = assertThrows(UserError.class, () -> OutputFolderLock.withMarker(fs(), out, "app-2"));
			assertEquals(UserError.Kind.INPUT, second.kind());
			assertTrue(second.getMessage().contains("(its marker says: Spark application app-1 on host-a)")
				&& second.getMessage().contains("choose another output folder (--out)")
				&& second.getMessage().endsWith("delete " + new Path(out, OutputFolderLock.MARKER)), second.getMessage());
			assertFalse(second.getMessage().contains("\n"), "one line");
		}
		assertFalse(Files.exists(tmp.resolve("out").resolve(OutputFolderLock.MARKER)), "the marker goes with the job");
		OutputFolderLock.withMarker(fs(), out, "app-3").close();
	}
}
