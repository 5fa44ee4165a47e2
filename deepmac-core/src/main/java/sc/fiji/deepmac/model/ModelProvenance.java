package sc.fiji.deepmac.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which model made a result: its name, its folder and the SHA-256 of what TensorFlow loads from it.
 *
 * @param name the model's name (its folder's name)
 * @param folder the model folder, absolute; empty for a model that has none
 * @param sha256 {@link #sha256(Path)} of its SavedModel; empty for a model that has none
 */
public record ModelProvenance(String name, String folder, String sha256) implements java.io.Serializable {

	/** The files of a SavedModel that TensorFlow reads. */
	private static final List<String> LOADED = List.of("saved_model.pb", "variables", "assets");
	/** Bytewise order of UTF-8 strings, as {@code LC_ALL=C sort}. */
	private static final Comparator<String> BYTEWISE = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
		b.getBytes(StandardCharsets.UTF_8));

	/** Provenance of a model without a SavedModel (test doubles). */
	public static ModelProvenance named(String name) {
		return new ModelProvenance(name, "", "");
	}

	/**
	 * The SHA-256 of a SavedModel folder: of the lines {@code <sha256 of the file>  <relative path>}, sorted by
	 * path (bytewise, '/' separators), one per regular file of {@code saved_model.pb}, {@code variables/} and
	 * {@code assets/}. The same as {@code (cd DIR && find saved_model.pb variables assets -type f -print0
	 * 2>/dev/null | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum}.
	 *
	 * @throws ModelException when a file cannot be read
	 */
	public static String sha256(Path savedModel) {
		List<String> files = new ArrayList<>();
		try {
			for (String top : LOADED) {
				Path start = savedModel.resolve(top);
				if (!Files.exists(start)) continue;
				try (Stream<Path> walk = Files.walk(start)) {
					walk.filter(Files::isRegularFile)
						.forEach(f -> files.add(savedModel.relativize(f).toString().replace('\\', '/')));
				}
			}
			files.sort(BYTEWISE);
			StringBuilder manifest = new StringBuilder();
			for (String file : files)
				manifest.append(fileSha256(savedModel.resolve(file))).append("  ").append(file).append('\n');
			return hex(digest().digest(manifest.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException e) {
			throw new ModelException("Cannot read model " + savedModel + " to compute its checksum: " + e.getMessage());
		}
	}

	/** The SHA-256 of one file, in hexadecimal. */
	public static String fileSha256(Path file) throws IOException {
		MessageDigest digest = digest();
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return hex(digest.digest());
	}

	/** A new SHA-256 digest. */
	public static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java has SHA-256", e);
		}
	}

	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}
}
