package sc.fiji.deepmac.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** Why a path cannot be read as an input file or folder, in words that end a message naming it. */
public final class InputPaths {

	private InputPaths() {}

	/** Null for a readable regular file, else "does not exist", "is a folder, not a file", ... */
	public static String fileProblem(Path path) {
		if (!Files.exists(path)) return "does not exist";
		if (Files.isDirectory(path)) return "is a folder, not a file";
		if (!Files.isRegularFile(path)) return "is not a regular file (a device, pipe or socket)";
		if (!Files.isReadable(path)) return "cannot be read: check its permissions";
		return null;
	}

	/** Null for a readable folder, else "does not exist", "is a file, not a folder", ... */
	public static String folderProblem(Path path) {
		if (!Files.exists(path)) return "does not exist";
		if (!Files.isDirectory(path)) return "is a file, not a folder";
		if (!Files.isReadable(path)) return "cannot be read: check its permissions";
		return null;
	}
}
