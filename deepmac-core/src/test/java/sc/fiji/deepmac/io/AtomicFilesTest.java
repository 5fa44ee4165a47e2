package sc.fiji.deepmac.io;

import java.util.LinkedHashMap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

	@TempDir
	Path folder;

	@Test
	void writesTheTargetThroughAHiddenSiblingAndLeavesNothingElse() throws IOException {
		Path target = folder.resolve("out/nested/result.csv");
		AtomicReference<Path> seenTemporary = new AtomicReference<>();

		AtomicFiles.write(target, temporary -> {
			seenTemporary.set(temporary);
			assertFalse(Files.exists(target), "the target appears only when complete");
			Files.writeString(temporary, "complete");
		});

		assertEquals("complete", Files.readString(target));
		Path temporary = seenTemporary.get();
		assertEquals(target.getParent(), temporary.getParent());
		assertTrue(temporary.getFileName().toString().matches("\\.result\\.csv\\.[0-9a-f]{16}\\.tmp"), temporary
			.toString());
		assertEquals(List.of(target), filesIn(target.getParent()));
	}

	@Test
	void replacesAnOlderTarget() throws IOException {
		Path target = folder.resolve("result.csv");
		Files.writeString(target, "old and longer");

		AtomicFiles.write(target, temporary -> Files.writeString(temporary, "new"));

		assertEquals("new", Files.readString(target));
		assertEquals(List.of(target), filesIn(folder));
	}

	@Test
	void failureMidWriteLeavesNeitherTargetNorTemporary() throws IOException {
		Path target = folder.resolve("result.csv");
		IOException failure = new IOException("disk full");

		IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, temporary -> {
			Files.writeString(temporary, "half a ta");
			throw failure;
		}));

		assertSame(failure, thrown);
		assertEquals(List.of(), filesIn(folder));
	}

	@Test
	void failureMidWriteLeavesAnOlderTargetByteIdentical() throws IOException {
		Path target = folder.resolve("labels.tif");
		byte[] older = { 0, 1, 2, (byte) 0xff, 42 };
		Files.write(target, older);

		assertThrows(IOException.class, () -> AtomicFiles.write(target, temporary -> {
			Files.writeString(temporary, "partial");
			throw new IOException("cancelled");
		}));

		assertArrayEquals(older, Files.readAllBytes(target));
		assertEquals(List.of(target), filesIn(folder));
	}

	@Test
	void errorsAndUncheckedExceptionsAlsoCleanUpAndPropagateUnchanged() throws IOException {
		Path target = folder.resolve("result.csv");
		Files.writeString(target, "older");
		Error error = new OutOfMemoryError("simulated");
		IllegalStateException unchecked = new IllegalStateException("bug");

		assertSame(error, assertThrows(Error.class, () -> AtomicFiles.write(target, temporary -> {
			Files.writeString(temporary, "partial");
			throw error;
		})));
		assertSame(unchecked, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target,
			temporary -> {
				Files.writeString(temporary, "partial");
				throw unchecked;
			})));

		assertEquals("older", Files.readString(target));
		assertEquals(List.of(target), filesIn(folder));
	}

	@Test
	void failedMoveLeavesNoTemporary() throws IOException {
		Path target = folder.resolve("taken");
		Files.createDirectories(target.resolve("inside"));

		assertThrows(IOException.class, () -> AtomicFiles.write(target, temporary -> Files.writeString(temporary,
			"data")));

		assertEquals(List.of(target), filesIn(folder));
		assertTrue(Files.isDirectory(target.resolve("inside")));
	}

	@Test
	void deletesOnlyTheStaleTemporariesOfItsTarget() throws IOException {
		Path target = folder.resolve("a.csv");
		Files.writeString(target, "complete");
		Path stale1 = Files.writeString(folder.resolve(".a.csv.0123456789abcdef.tmp"), "half");
		Path stale2 = Files.writeString(folder.resolve(".a.csv.fedcba9876543210.tmp"), "");
		List<Path> kept = List.of(target, Files.writeString(folder.resolve(".b.csv.0123456789abcdef.tmp"), "other"),
			Files.writeString(folder.resolve(".a.csv.notrandom.tmp"), "user's"), Files.writeString(folder.resolve(
				"a.csv.0123456789abcdef.tmp"), "not hidden"));

		assertEquals(2, AtomicFiles.deleteStaleTemporaries(target));

		assertFalse(Files.exists(stale1));
		assertFalse(Files.exists(stale2));
		assertEquals(kept.stream().sorted().toList(), filesIn(folder));
		assertEquals(0, AtomicFiles.deleteStaleTemporaries(folder.resolve("missing/a.csv")));
	}

	@Test
	void aSetIsWrittenWhole() throws IOException {
		Path a = folder.resolve("a.txt"), b = folder.resolve("b.txt");
		Files.writeString(a, "old a");
		Files.writeString(b, "old b");
		LinkedHashMap<Path, IoWriter> set = new LinkedHashMap<>();
		set.put(a, t -> Files.writeString(t, "new a"));
		set.put(b, t -> {
			throw new IOException("disk full");
		});
		assertEquals("disk full", assertThrows(IOException.class, () -> AtomicFiles.writeAll(set)).getMessage());
		assertEquals("old a", Files.readString(a), "kept until the whole set is written");
		assertEquals("old b", Files.readString(b));
		assertEquals(List.of(a, b), filesIn(folder), "no temporaries left");
		set.put(b, t -> Files.writeString(t, "new b"));
		AtomicFiles.writeAll(set);
		assertEquals("new a", Files.readString(a));
		assertEquals("new b", Files.readString(b));
		assertEquals(List.of(a, b), filesIn(folder));
	}

	private static List<Path> filesIn(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.sorted().toList();
		}
	}
}
