package sc.fiji.deepmac.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.UserError;

class OutputLockTest {

	@TempDir
	Path tmp;

	@Test
	void aSecondRunOnTheSameFolderIsRefusedUntilTheFirstEnds() throws IOException {
		Path out = tmp.resolve("new/out");
		try (OutputLock first = OutputLock.acquire(out)) {
			UserError refused = assertThrows(UserError.class, () -> OutputLock.acquire(out));
			assertEquals("Another Deep-MAC run is writing to " + out + " (it holds " + out.resolve(OutputLock.FILE_NAME)
				+ "): wait until it has finished, or choose another output folder (--out)", refused.getMessage());
			assertEquals(UserError.Kind.INPUT, refused.kind());
		}
		OutputLock.acquire(out).close();
		assertTrue(Files.isRegularFile(out.resolve(OutputLock.FILE_NAME)));
	}

	@Test
	void aFileIsNoOutputFolder() throws IOException {
		Path file = Files.writeString(tmp.resolve("out"), "keep");
		assertEquals("Output folder " + file + " is a file, not a folder: choose a folder (--out)",
			assertThrows(UserError.class, () -> OutputLock.acquire(file)).getMessage());
		assertEquals("keep", Files.readString(file));
	}
}
