package sc.fiji.deepmac.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import sc.fiji.deepmac.model.ModelDownload;
import sc.fiji.deepmac.model.ModelException;
import sc.fiji.deepmac.model.ModelInstaller;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.model.ModelProvenance;
import sc.fiji.deepmac.model.ModelRegistry;
import sc.fiji.deepmac.model.SavedModelMaskModel;

/** {@code deepmac models}: list, install, remove, show and verify models (docs/models.md). */
@Command(name = "models", mixinStandardHelpOptions = true,
	description = "List, install, remove, show and verify models; installed models go to the user's models folder.",
	subcommands = { ModelsCommand.ListModels.class, ModelsCommand.Install.class, ModelsCommand.Remove.class,
		ModelsCommand.Info.class, ModelsCommand.Verify.class })
final class ModelsCommand implements Callable<Integer> {

	@Override
	public Integer call() {
		System.err.println("deepmac models: say list, install, remove, info or verify (deepmac models --help)");
		return DeepMacCli.BAD_INPUT;
	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "The installed models and the known ones.")
	static final class ListModels implements Callable<Integer> {
		@Override
		public Integer call() {
			Map<String, Path> installed = ModelLocator.installed();
			System.out.println("Installed (your models folder: " + ModelLocator.userFolder() + "):");
			if (installed.isEmpty()) System.out.println("  none");
			installed.forEach((name, folder) -> System.out.println("  " + ModelRegistry.withAlias(name) + "  " + folder));
			System.out.println("Known, not installed (deepmac models install NAME):");
			ModelRegistry.entries().values().stream().filter(e -> !installed.containsKey(e.name()))
				.forEach(e -> System.out.println("  " + ModelRegistry.withAlias(e.name()) + "  "
					+ (e.url().isEmpty() ? "shipped" : e.url())
					+ "  " + e.licence() + "  " + e.description()));
			return DeepMacCli.OK;
		}
	}

	@Command(name = "install", mixinStandardHelpOptions = true,
		description = "Download (resumable) or read a model archive (.tar.gz, .tgz, .zip), check its SHA-256, unpack it "
			+ "safely, check its signature and ops, and move it into the models folder.")
	static final class Install implements Callable<Integer> {
		@Parameters(paramLabel = "NAME|URL|FILE", description = "A known model (deepmac models list), an http(s) URL or an archive file")
		String spec;

		@Option(names = "--sha256", paramLabel = "H", description = "The archive's SHA-256; without one (and none in the "
			+ "registry) the computed one is shown and recorded")
		String sha256;

		@Option(names = "--trust-model", description = "Install even if its graph uses operations that Deep-MAC models do "
			+ "not need (every run then needs --trust-model too)")
		boolean trust;

		@Override
		public Integer call() {
			Path folder = ModelLocator.userFolder();
			ModelInstaller.Installed done = new ModelInstaller(folder).install(spec, sha256, trust, new ConsoleDownload());
			System.out.println("Installed " + done.name() + " in " + done.folder());
			System.out.println("archive sha256 " + done.archiveSha256() + (done.checksumPinned() ? " (as expected)"
				: " (no checksum was given: compare it with the publisher's; it is recorded for deepmac models verify)"));
			System.out.println("model sha256 " + done.modelSha256());
			return DeepMacCli.OK;
		}
	}

	@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a model from your models folder.")
	static final class Remove implements Callable<Integer> {
		@Parameters(paramLabel = "NAME")
		String name;

		@Override
		public Integer call() {
			System.out.println("Removed " + new ModelInstaller(ModelLocator.userFolder()).remove(name));
			return DeepMacCli.OK;
		}
	}

	@Command(name = "info", mixinStandardHelpOptions = true,
		description = "A model's folder, card, source, checksum and whether its signature and ops pass the checks.")
	static final class Info implements Callable<Integer> {
		@Parameters(paramLabel = "NAME|DIR")
		String spec;

		@Override
		public Integer call() throws IOException {
			Path folder = ModelLocator.resolve(spec);
			Checked checked = Checked.of(folder);
			System.out.println("name    " + folder.getFileName());
			System.out.println("folder  " + folder.toAbsolutePath().normalize());
			ModelRegistry.get(folder.getFileName().toString()).ifPresent(e -> System.out.println("known   "
				+ e.description() + "; licence " + e.licence() + (e.url().isEmpty() ? "" : "; " + e.url())));
			Path record = folder.resolve(ModelInstaller.RECORD);
			if (Files.isRegularFile(record)) Files.readAllLines(record).stream().filter(l -> !l.startsWith("#"))
				.forEach(l -> System.out.println("record  " + l));
			Path card = folder.resolve("README.md");
			if (Files.isRegularFile(card)) Files.readAllLines(card).stream().filter(l -> !l.isBlank()).findFirst()
				.ifPresent(l -> System.out.println("card    " + card + ": " + l));
			System.out.println("sha256  " + checked.sha256() + "  " + checked.shaVerdict());
			System.out.println("check   " + checked.verdict());
			return DeepMacCli.OK;
		}
	}

	@Command(name = "verify", mixinStandardHelpOptions = true,
		description = "Check a model: its SHA-256 against the install record (or the registry), its signature and ops; "
			+ "exit 3 when anything differs or is refused.")
	static final class Verify implements Callable<Integer> {
		@Parameters(paramLabel = "NAME|DIR")
		String spec;

		@Override
		public Integer call() {
			Path folder = ModelLocator.resolve(spec);
			Checked checked = Checked.of(folder);
			if (checked.changed()) throw new ModelException("Model " + folder + " has changed since it was installed: "
				+ "its SHA-256 is " + checked.sha256() + ", recorded " + checked.recorded() + "; install it again");
			if (checked.refusal() != null) throw checked.refusal();
			System.out.println("ok " + folder.getFileName() + ": sha256 " + checked.sha256() + " " + checked.shaVerdict()
				+ "; " + checked.verdict());
			return DeepMacCli.OK;
		}
	}

	/** A model's checksum against its record, and its signature and ops. */
	private record Checked(String sha256, String recorded, ModelException refusal) {

		static Checked of(Path folder) {
			String sha256 = ModelProvenance.sha256(SavedModelMaskModel.locate(folder));
			ModelException refusal = null;
			try {
				SavedModelMaskModel.audit(folder);
			}
			catch (ModelException e) {
				refusal = e;
			}
			return new Checked(sha256, ModelInstaller.recordedSha256(folder), refusal);
		}

		boolean changed() {
			return !recorded.isEmpty() && !recorded.equals(sha256);
		}

		String shaVerdict() {
			if (recorded.isEmpty()) return "(nothing recorded to compare with)";
			return changed() ? "(CHANGED: recorded " + recorded + ")" : "(as recorded)";
		}

		String verdict() {
			return refusal == null ? "signature and ops pass" : "refused: " + refusal.getMessage();
		}
	}

	/** A console progress bar in MiB with speed and ETA, on stderr. */
	private static final class ConsoleDownload implements ModelDownload.Progress {

		private ProgressBar bar;

		@Override
		public void start(long total, long done) {
			if (bar != null) bar.close();
			bar = new ProgressBarBuilder().setTaskName("Downloading").setInitialMax(total).startsFrom(done, java.time.Duration.ZERO)
				.setUnit(" MiB", 1 << 20).setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
				.showSpeed().build();
		}

		@Override
		public void advance(long bytes) {
			bar.stepBy(bytes);
		}

		@Override
		public void end() {
			if (bar != null) bar.close();
		}
	}
}
