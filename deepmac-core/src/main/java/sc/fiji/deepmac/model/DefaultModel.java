package sc.fiji.deepmac.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * The model used when none is named: the folder that {@code models/DEFAULT} names (one line), under the
 * installation folder given by the {@code deepmac.home} system property (the launcher sets it).
 */
public final class DefaultModel {

	public static final String HOME_PROPERTY = "deepmac.home";

	private DefaultModel() {}

	public static Optional<Path> folder() {
		String home = System.getProperty(HOME_PROPERTY);
		if (home == null || home.isBlank()) return Optional.empty();
		Path models = Paths.get(home, "models");
		Path pointer = models.resolve("DEFAULT");
		if (!Files.isRegularFile(pointer)) return Optional.empty();
		try {
			String name = Files.readString(pointer).trim();
			return name.isEmpty() ? Optional.empty() : Optional.of(models.resolve(name));
		}
		catch (IOException e) {
			return Optional.empty();
		}
	}

	/** The named folder, else the default model, else a ModelException saying that a model is needed. */
	public static Path orDefault(Path named) {
		if (named != null) return named;
		return folder().orElseThrow(() -> new ModelException(
			"No model given and no default model installed: pass --model DIR, a Deep-MAC SavedModel folder"));
	}
}
