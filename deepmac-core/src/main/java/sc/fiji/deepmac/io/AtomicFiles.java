package sc.fiji.deepmac.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader sees either the old file or the complete new one, never a partial one: the
 * content goes to a hidden temporary sibling ({@code .<name>.<16 hex digits>.tmp}), which is then renamed over
 * the target. On failure the temporary file is deleted and the target is left as it was.
 */
public final class AtomicFiles {

	private static final String TEMPORARY_SUFFIX = ".tmp";
	private static final String RANDOM_PART = "[0-9a-f]{16}";

	private AtomicFiles() {}

	/**
	 * Writes {@code target} through {@code writer}, creating its folder if needed. Any exception or error thrown
	 * by the writer propagates unchanged, after the temporary file has been deleted.
	 */
	public static void write(Path target, IoWriter writer) throws IOException {
		LinkedHashMap<Path, IoWriter> one = new LinkedHashMap<>();
		one.put(target, writer);
		writeAll(one);
	}

	/**
	 * Writes a set of files, in order, each through its writer: all of them to temporary files first, so that a
	 * writer's failure leaves every target as it was. Only then are they moved into place; the last file of a set
	 * of several marks it complete, so it is removed before the others are moved and moved last. A process killed
	 * while moving leaves the set without its last file: incomplete, never a mix that looks complete.
	 */
	public static void writeAll(LinkedHashMap<Path, IoWriter> targets) throws IOException {
		List<Path> finals = new ArrayList<>(), temporaries = new ArrayList<>();
		try {
			for (Map.Entry<Path, IoWriter> target : targets.entrySet()) {
				Path absoluteTarget = target.getKey().toAbsolutePath();
				Files.createDirectories(absoluteTarget.getParent());
				Path temporary = createTemporary(absoluteTarget);
				finals.add(absoluteTarget);
				temporaries.add(temporary);
				target.getValue().write(temporary);
				forceToDisk(temporary);
			}
			if (finals.size() > 1) Files.deleteIfExists(finals.get(finals.size() - 1));
			for (int i = 0; i < finals.size(); i++) moveIntoPlace(temporaries.get(i), finals.get(i));
		}
		catch (Throwable failure) {
			for (Path temporary : temporaries) deleteAfterFailure(temporary, failure);
			throw failure;
		}
	}

	/**
	 * Deletes the temporary files of {@code target} that a killed process left behind. Call it only while no other
	 * process writes the same target, since a running write's temporary file looks the same.
	 *
	 * @return how many files were deleted
	 */
	public static int deleteStaleTemporaries(Path target) throws IOException {
		Path absoluteTarget = target.toAbsolutePath();
		Path folder = absoluteTarget.getParent();
		if (!Files.isDirectory(folder)) return 0;
		String name = absoluteTarget.getFileName().toString();
		Pattern temporaryName = Pattern.compile(Pattern.quote("." + name + ".") + RANDOM_PART + Pattern.quote(
			TEMPORARY_SUFFIX));
		int deleted = 0;
		try (DirectoryStream<Path> siblings = Files.newDirectoryStream(folder)) {
			for (Path sibling : siblings) {
				boolean stale = temporaryName.matcher(sibling.getFileName().toString()).matches() && Files
					.isRegularFile(sibling);
				if (stale && Files.deleteIfExists(sibling)) deleted++;
			}
		}
		return deleted;
	}

	/** Created with CREATE_NEW (not Files.createTempFile) so that the result gets the folder's usual permissions. */
	private static Path createTemporary(Path target) throws IOException {
		String prefix = "." + target.getFileName() + ".";
		while (true) {
			String random = String.format("%016x", ThreadLocalRandom.current().nextLong());
			try {
				return Files.createFile(target.resolveSibling(prefix + random + TEMPORARY_SUFFIX));
			}
			catch (FileAlreadyExistsException taken) {
				// another write of the same target drew the same name: draw again
			}
		}
	}

	/** Without this, a power cut soon after the rename can leave the target empty on some file systems. */
	private static void forceToDisk(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.force(true);
		}
	}

	private static void moveIntoPlace(Path temporary, Path target) throws IOException {
		try {
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException notSupported) {
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void deleteAfterFailure(Path temporary, Throwable failure) {
		try {
			Files.deleteIfExists(temporary);
		}
		catch (IOException | RuntimeException cleanupFailure) {
			failure.addSuppressed(cleanupFailure);
		}
	}

	/** Deletes {@code root} and everything below it; nothing when it does not exist. Links are deleted, not followed. */
	public static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
		try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
			for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
		}
	}
}
