package sc.fiji.deepmac.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import sc.fiji.deepmac.UserError;

/**
 * An exclusive lock on an output folder ({@value #FILE_NAME} in it, locked with the operating system's file locks),
 * held while a run writes there: a second run on the same folder, in this process or another, is refused rather
 * than deleting the first run's temporary files. The operating system releases the lock when a process dies.
 */
public final class OutputLock implements AutoCloseable {

	/** The lock file's name; it stays in the folder, unlocked, after the run. */
	public static final String FILE_NAME = ".deepmac.lock";

	private final FileChannel channel;
	private final FileLock lock;

	private OutputLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Creates {@code folder} if needed and locks it.
	 *
	 * @throws UserError of kind INPUT when the folder is a file, cannot be written or is locked by another run
	 */
	public static OutputLock acquire(Path folder) throws IOException {
		if (Files.exists(folder) && !Files.isDirectory(folder)) throw new UserError(UserError.Kind.INPUT,
			"Output folder " + folder + " is a file, not a folder: choose a folder (--out)");
		Path file = folder.resolve(FILE_NAME);
		FileChannel channel;
		try {
			Files.createDirectories(folder);
			channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		}
		catch (AccessDeniedException e) {
			throw new UserError(UserError.Kind.INPUT, "Output folder " + folder + " cannot be written: check its"
				+ " permissions or choose another folder (--out)", e);
		}
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException heldHere) {
			lock = null;
		}
		if (lock == null) {
			channel.close();
			throw new UserError(UserError.Kind.INPUT, "Another Deep-MAC run is writing to " + folder + " (it holds " + file
				+ "): wait until it has finished, or choose another output folder (--out)");
		}
		return new OutputLock(channel, lock);
	}

	@Override
	public void close() throws IOException {
		try {
			lock.release();
		}
		finally {
			channel.close();
		}
	}
}
