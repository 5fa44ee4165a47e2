package sc.fiji.deepmac.model;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a model archive ({@code .tar.gz}, {@code .tgz}, {@code .zip}) into an empty folder, refusing what an
 * archive from the internet may hold to harm: absolute paths, {@code ..}, links (symbolic and hard), device and
 * FIFO entries, and more bytes than a limit (decompression bombs). Plain files and folders only.
 */
public final class ModelArchives {

	/** System property: the most bytes an archive may unpack to (default {@value #DEFAULT_LIMIT}). */
	public static final String LIMIT_PROPERTY = "deepmac.models.maxUnpackedBytes";
	public static final long DEFAULT_LIMIT = 8L << 30;

	private ModelArchives() {}

	/** Whether {@code fileName} names an archive that {@link #unpack} reads. */
	public static boolean isArchive(String fileName) {
		String name = fileName.toLowerCase(Locale.ROOT);
		return name.endsWith(".tar.gz") || name.endsWith(".tgz") || name.endsWith(".zip");
	}

	/** {@code fileName} without its archive suffix. */
	public static String stem(String fileName) {
		return fileName.replaceFirst("(?i)(\\.tar\\.gz|\\.tgz|\\.zip)$", "");
	}

	/**
	 * Unpacks {@code archive} (its kind from {@code fileName}) into the empty folder {@code into}.
	 *
	 * @throws ModelException naming the entry or problem; {@code into} may then hold part of the archive, for the
	 *           caller to delete
	 */
	public static void unpack(Path archive, String fileName, Path into) {
		long limit = Long.getLong(LIMIT_PROPERTY, DEFAULT_LIMIT);
		try {
			if (fileName.toLowerCase(Locale.ROOT).endsWith(".zip")) unzip(archive, into, limit);
			else untar(archive, into, limit);
		}
		catch (IOException e) {
			throw new ModelException("The archive " + fileName + " is damaged or incomplete (" + e.getMessage()
				+ "): download it again");
		}
	}

	private static void untar(Path archive, Path into, long limit) throws IOException {
		long[] written = { 0 };
		try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
			new BufferedInputStream(Files.newInputStream(archive))))) {
			for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
				Path target = target(into, e.getName());
				// the special kinds first: TarArchiveEntry.isFile() is also true for links and devices
				if (e.isSymbolicLink() || e.isLink()) throw refused(e.getName(), "a link");
				if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) throw refused(e.getName(), "a device or FIFO");
				if (e.isDirectory()) Files.createDirectories(target);
				else if (e.isFile()) copy(tar, target, written, limit, e.getName());
				else throw refused(e.getName(), "not a plain file");
			}
		}
	}

	private static void unzip(Path archive, Path into, long limit) throws IOException {
		long[] written = { 0 };
		try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
			for (Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder(); entries.hasMoreElements();) {
				ZipArchiveEntry e = entries.nextElement();
				Path target = target(into, e.getName());
				if (e.isUnixSymlink()) throw refused(e.getName(), "a link");
				if (e.isDirectory()) Files.createDirectories(target);
				else try (InputStream in = zip.getInputStream(e)) {
					copy(in, target, written, limit, e.getName());
				}
			}
		}
	}

	/** Where entry {@code name} goes: inside {@code into}, or refused. */
	private static Path target(Path into, String name) {
		String n = name.replace('\\', '/');
		if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) throw refused(name, "an absolute path");
		for (String part : n.split("/"))
			if (part.equals("..")) throw refused(name, "a path out of the archive's folder ('..')");
		Path target = into.resolve(n).normalize();
		if (!target.startsWith(into)) throw refused(name, "a path out of the archive's folder");
		return target;
	}

	private static void copy(InputStream in, Path target, long[] written, long limit, String name) throws IOException {
		Files.createDirectories(target.getParent());
		byte[] buffer = new byte[1 << 16];
		try (OutputStream out = Files.newOutputStream(target)) {
			for (int n; (n = in.read(buffer)) > 0;) {
				written[0] += n;
				if (written[0] > limit) throw new ModelException("The archive unpacks to more than " + limit + " bytes "
					+ "(at " + name + "), more than any model: refused as a decompression bomb (the limit is the system "
					+ "property " + LIMIT_PROPERTY + ")");
				out.write(buffer, 0, n);
			}
		}
	}

	private static ModelException refused(String entry, String what) {
		return new ModelException("The archive was refused: its entry '" + entry + "' is " + what
			+ "; a model archive holds plain files and folders only");
	}
}
