package sc.fiji.deepmac.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Model archives made by the tests: .tar.gz files in the official layout, and hand-made entries. */
public final class TestArchives {

	private TestArchives() {}

	/** {@code model}'s files in the official archive's layout, {@code name/saved_model/...}, as {@code archive}. */
	public static Path officialLayout(Path archive, String name, Path model) throws IOException {
		try (TarArchiveOutputStream tar = tar(archive); Stream<Path> files = Files.walk(model)) {
			for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator)
				put(tar, name + "/saved_model/" + model.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
		}
		return archive;
	}

	/** A new .tar.gz file (long names as POSIX). */
	public static TarArchiveOutputStream tar(Path archive) throws IOException {
		TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(archive)));
		tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
		return tar;
	}

	/** A plain file entry. */
	public static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name, true);
		entry.setSize(content.length);
		tar.putArchiveEntry(entry);
		tar.write(content);
		tar.closeArchiveEntry();
	}
}
