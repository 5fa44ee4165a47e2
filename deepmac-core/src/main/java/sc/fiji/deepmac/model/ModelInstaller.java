package sc.fiji.deepmac.model;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.io.AtomicFiles;

/**
 * Installs, checks and removes models in a models folder (docs/models.md). An install goes: the archive (a known
 * model's URL, a URL, or a file) → its SHA-256 against the pinned or given one (without one, the computed hash is
 * recorded) → unpacked safely ({@link ModelArchives}) into a hidden staging folder → the SavedModel's signature and
 * ops checked without loading it ({@link SavedModelMaskModel#audit}) → {@value #RECORD} written → moved into place
 * in one rename. A refused install leaves nothing; an interrupted one leaves only hidden folders and the partial
 * download under {@code .downloads/}, which the next install of the same URL resumes.
 */
public final class ModelInstaller {

	/** The install record in a model folder: source, checksums, time, licence. */
	public static final String RECORD = "deepmac-install.properties";
	private static final String DOWNLOADS = ".downloads", STAGING = ".staging-";

	private final Path folder;

	/** An installer for the models folder {@code folder} (created when needed). */
	public ModelInstaller(Path folder) {
		this.folder = folder;
	}

	/** What an install did. */
	public record Installed(String name, Path folder, String archiveSha256, String modelSha256, boolean checksumPinned) {}

	/**
	 * Installs {@code spec}: a known model's name, an http(s) URL, or an archive file.
	 *
	 * @param sha256 the archive's expected SHA-256, or null
	 * @param trusted install even if the graph uses ops that are not allowed
	 * @throws UserError of kind INPUT for a spec that names nothing, MODEL for a refused or failed install
	 */
	public Installed install(String spec, String sha256, boolean trusted, ModelDownload.Progress progress) {
		Optional<ModelRegistry.Entry> known = ModelRegistry.get(spec);
		if (known.isPresent() && known.get().url().isEmpty()) throw new UserError(UserError.Kind.INPUT, "Model " + spec
			+ " ships with Deep-MAC for Fiji and needs no install");
		String source = known.map(ModelRegistry.Entry::url).orElse(spec);
		boolean remote = source.matches("(?i)https?://.+");
		Path file = remote ? null : Path.of(source);
		if (!remote && !Files.isRegularFile(file)) throw new UserError(UserError.Kind.INPUT, "'" + spec + "' is neither a "
			+ "known model (" + String.join(", ", ModelRegistry.entries().keySet()) + "), an http(s) URL nor an archive file");
		String fileName = remote ? Path.of(URI.create(source).getPath()).getFileName().toString()
			: file.getFileName().toString();
		if (!ModelArchives.isArchive(fileName)) throw new UserError(UserError.Kind.INPUT, "'" + fileName + "' is not a "
			+ ".tar.gz, .tgz or .zip archive: give a model archive");
		String name = known.map(ModelRegistry.Entry::name).orElse(ModelArchives.stem(fileName));
		if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) throw new UserError(UserError.Kind.INPUT, "'" + name
			+ "' is not a model name (letters, digits, '.', '_' and '-'): rename the archive");
		String pinned = known.map(ModelRegistry.Entry::archiveSha256).orElse("");
		String expected = expectedSha256(pinned, sha256);
		Path target = folder.resolve(name);
		if (Files.exists(target)) throw new UserError(UserError.Kind.INPUT, "Model " + name + " is already installed in "
			+ target + ": remove it first (deepmac models remove " + name + ")");

		createFolders();
		removeStaleStaging();
		Path part = folder.resolve(DOWNLOADS).resolve(name + ".part");
		Path archive = file;
		if (remote) {
			ModelDownload.download(URI.create(source), part, progress);
			archive = part;
		}
		Path staging = folder.resolve(STAGING + name + "-" + UUID.randomUUID());
		try {
			String archiveSha256 = ModelProvenance.fileSha256(archive);
			if (!expected.isEmpty() && !expected.equals(archiveSha256)) throw new ModelException("The archive of " + name
				+ " has SHA-256 " + archiveSha256 + ", not the expected " + expected + ": it is not the model you asked "
				+ "for (or it is damaged); nothing was installed");
			Files.createDirectories(staging);
			ModelArchives.unpack(archive, fileName, staging);
			Path content = content(staging, fileName);
			if (!trusted) SavedModelMaskModel.audit(content);
			String modelSha256 = ModelProvenance.sha256(SavedModelMaskModel.locate(content));
			Properties record = new Properties();
			record.setProperty("name", name);
			record.setProperty("source", remote ? source : file.toAbsolutePath().toString());
			record.setProperty("archive_sha256", archiveSha256);
			record.setProperty("archive_sha256_pinned", Boolean.toString(!expected.isEmpty()));
			record.setProperty("model_sha256", modelSha256);
			record.setProperty("installed", Instant.now().toString());
			known.ifPresent(k -> record.setProperty("licence", k.licence()));
			try (Writer out = Files.newBufferedWriter(content.resolve(RECORD))) {
				record.store(out, "Deep-MAC model install record (docs/models.md)");
			}
			Files.move(content, target, StandardCopyOption.ATOMIC_MOVE);
			if (remote) Files.deleteIfExists(part);
			return new Installed(name, target, archiveSha256, modelSha256, !expected.isEmpty());
		}
		catch (IOException e) {
			throw new ModelException("Cannot install " + name + " into " + folder + ": " + e.getMessage());
		}
		catch (RuntimeException e) {
			// refused: a later install must fetch it again, not resume a download that was the wrong file
			if (remote) deleteQuietly(part);
			throw e;
		}
		finally {
			deleteTree(staging);
		}
	}

	/** Removes the model {@code name} of this folder (first renamed to a hidden name, so never half a model). */
	public Path remove(String name) {
		Path model = folder.resolve(name);
		if (name.startsWith(".") || !name.equals(model.getFileName().toString()) || !Files.isDirectory(model))
			throw new UserError(UserError.Kind.INPUT, "No model " + name + " in " + folder + (ModelLocator.installed()
				.containsKey(name) ? ": it lies in " + ModelLocator.installed().get(name).getParent() + ", remove it there by "
					+ "hand" : ": see deepmac models list"));
		Path doomed = folder.resolve(".removing-" + name + "-" + UUID.randomUUID());
		try {
			Files.move(model, doomed, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException e) {
			throw new UserError(UserError.Kind.INPUT, "Cannot remove " + model + ": " + e.getMessage());
		}
		deleteTree(doomed);
		return model;
	}

	/**
	 * The SHA-256 that a model's SavedModel should have: the one recorded at install, else the registry's; empty when
	 * neither is known.
	 */
	public static String recordedSha256(Path modelFolder) {
		Path record = modelFolder.resolve(RECORD);
		if (Files.isRegularFile(record)) {
			Properties p = new Properties();
			try (Reader in = Files.newBufferedReader(record)) {
				p.load(in);
			}
			catch (IOException e) {
				throw new ModelException("Cannot read " + record + ": " + e.getMessage());
			}
			return p.getProperty("model_sha256", "");
		}
		return ModelRegistry.get(modelFolder.getFileName().toString()).map(ModelRegistry.Entry::modelSha256).orElse("");
	}

	private static String expectedSha256(String pinned, String given) {
		String g = given == null ? "" : given.trim().toLowerCase(Locale.ROOT);
		if (!g.isEmpty() && !g.matches("[0-9a-f]{64}")) throw new UserError(UserError.Kind.INPUT, "--sha256 '" + given
			+ "' is not a SHA-256 (64 hexadecimal digits)");
		if (!g.isEmpty() && !pinned.isEmpty() && !g.equals(pinned)) throw new UserError(UserError.Kind.INPUT,
			"--sha256 " + g + " differs from the registry's " + pinned + " for this model: leave --sha256 out");
		return g.isEmpty() ? pinned : g;
	}

	/** The model folder in the unpacked archive: the staging folder, or its one folder. */
	private static Path content(Path staging, String fileName) throws IOException {
		if (ModelLocator.isModel(staging)) return staging;
		try (Stream<Path> list = Files.list(staging)) {
			List<Path> entries = list.toList();
			if (entries.size() == 1 && Files.isDirectory(entries.get(0)) && ModelLocator.isModel(entries.get(0)))
				return entries.get(0);
		}
		throw new ModelException("The archive " + fileName + " holds no SavedModel: no saved_model.pb at its top, in "
			+ "its one folder, or in that folder's saved_model/; it is not a Deep-MAC model archive");
	}

	private void createFolders() {
		try {
			Files.createDirectories(folder.resolve(DOWNLOADS));
		}
		catch (IOException e) {
			throw new UserError(UserError.Kind.INPUT, "Cannot create the models folder " + folder + ": " + e.getMessage()
				+ "; choose another with -D" + ModelLocator.MODELS_PROPERTY + "=DIR or DEEPMAC_MODELS");
		}
	}

	/** Removes what interrupted installs and removals left. */
	private void removeStaleStaging() {
		try (DirectoryStream<Path> stale = Files.newDirectoryStream(folder, ".{staging,removing}-*")) {
			stale.forEach(ModelInstaller::deleteTree);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException e) {
			// a leftover partial download: the next install overwrites or resumes it
		}
	}

	private static void deleteTree(Path root) {
		try {
			AtomicFiles.deleteTree(root);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot delete " + root, e);
		}
	}
}
