package sc.fiji.deepmac.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import sc.fiji.deepmac.batch.ImageInputException;
import sc.fiji.deepmac.box.BoxInputException;
import sc.fiji.deepmac.model.ModelException;
import sc.fiji.deepmac.runtime.DeviceUnavailableException;

/** {@code deepmac}: segment images from their box prompts on the command line. */
@Command(name = "deepmac", mixinStandardHelpOptions = true, versionProvider = DeepMacCli.Version.class,
	description = "Turns boxes into masks with Deep-MAC models.",
	subcommands = { SegmentCommand.class, BatchCommand.class, BenchCommand.class },
	exitCodeListHeading = "%nExit codes:%n",
	exitCodeList = { "0:done", "2:bad usage or input", "3:model problem", "1:anything else" })
public final class DeepMacCli {

	public static final int OK = 0, FAILED = 1, BAD_INPUT = 2, MODEL_PROBLEM = 3;

	@Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors")
	boolean verbose;

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/** Runs the CLI and returns its exit code. */
	public static int run(String... args) {
		CommandLine cli = new CommandLine(new DeepMacCli());
		cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
			PrintWriter err = commandLine.getErr();
			err.println("error: " + message(e));
			if (((DeepMacCli) commandLine.getCommandSpec().root().userObject()).verbose) e.printStackTrace(err);
			err.flush();
			return exitCode(e);
		});
		return cli.execute(args);
	}

	static String message(Throwable e) {
		String m = e.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
	}

	static int exitCode(Throwable e) {
		if (e instanceof BoxInputException || e instanceof ImageInputException || e instanceof IllegalArgumentException
			|| e instanceof DeviceUnavailableException)
			return BAD_INPUT;
		if (e instanceof ModelException) return MODEL_PROBLEM;
		return FAILED;
	}

	static final class Version implements CommandLine.IVersionProvider {
		@Override
		public String[] getVersion() {
			String v = DeepMacCli.class.getPackage().getImplementationVersion();
			return new String[] { "deepmac " + (v == null ? "(development build)" : v) };
		}
	}
}
