package sc.fiji.deepmac.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** The known models, from the resource {@code registry.properties} beside this class (docs/models.md). */
public final class ModelRegistry {

	/**
	 * A known model.
	 *
	 * @param url where it is downloaded from; empty for a model shipped with Deep-MAC for Fiji
	 * @param archiveSha256 the SHA-256 of the download; empty when none is published
	 * @param modelSha256 {@link ModelProvenance#sha256} of its SavedModel; empty when not known
	 * @param size the download's size in bytes; -1 when not known
	 * @param alias a short name that chooses it wherever a model is asked for ({@code nuclei}, {@code objects}); empty
	 *        for none
	 */
	public record Entry(String name, String url, String archiveSha256, String modelSha256, long size, String layout,
		String licence, String description, String alias)
	{}

	private static final Map<String, Entry> ENTRIES = read();

	private ModelRegistry() {}

	/** Every known model by name, in the registry's order. */
	public static Map<String, Entry> entries() {
		return ENTRIES;
	}

	public static Optional<Entry> get(String name) {
		return Optional.ofNullable(ENTRIES.get(name));
	}

	/** A model's name with its short name, as lists show it: {@code deepmac-objects-v3 (objects)}. */
	public static String withAlias(String name) {
		return get(name).filter(e -> !e.alias().isEmpty()).map(e -> name + " (" + e.alias() + ")").orElse(name);
	}

	/** The model that a short name ({@link Entry#alias()}) stands for. */
	public static Optional<Entry> byAlias(String alias) {
		return ENTRIES.values().stream().filter(e -> !e.alias().isEmpty() && e.alias().equals(alias)).findFirst();
	}

	private static Map<String, Entry> read() {
		Properties p = new Properties();
		try (InputStream in = ModelRegistry.class.getResourceAsStream("registry.properties")) {
			p.load(in);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		Map<String, Entry> entries = new LinkedHashMap<>();
		for (String name : p.getProperty("models").split(","))
			entries.put(name, new Entry(name, p.getProperty(name + ".url", ""), p.getProperty(name + ".archive_sha256", ""),
				p.getProperty(name + ".model_sha256", ""), Long.parseLong(p.getProperty(name + ".size", "-1")),
				p.getProperty(name + ".layout"), p.getProperty(name + ".licence"), p.getProperty(name + ".description"),
				p.getProperty(name + ".alias", "")));
		return Collections.unmodifiableMap(entries);
	}
}
