package sc.fiji.deepmac.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import sc.fiji.deepmac.UserError;


/** {@code deepmac}: segment images from their box prompts on the command line. */
@Command(name = "deepmac", mixinStandardHelpOptions = true, versionProvider = DeepMacCli.Version.class,
	description = "Turns boxes into masks with Deep-MAC models.",
	subcommands = { SegmentCommand.class, BatchCommand.class, BenchCommand.class, ModelsCommand.class },
	exitCodeListHeading = "%nExit codes:%n",
	exitCodeList = { "0:done", "2:bad usage or input", "3:model problem", "4:out of memory", "1:anything else" })
public final class DeepMacCli {

	public static final int OK = 0, FAILED = 1, BAD_INPUT = 2, MODEL_PROBLEM = 3, OUT_OF_MEMORY = 4;

	@Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors")
	boolean verbose;

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/** Runs the CLI and returns its exit code. */
	public static int run(String... args) {
		return run(new CommandLine(new DeepMacCli()), args);
	}

	/**
	 * Runs {@code cli}, a {@code deepmac} command line to which other modules may have added subcommands (training), or
	 * another command of the project's (the Spark job), with this CLI's error handling: one line, an exit code by the
	 * kind of error, the stack trace only with {@code --verbose}.
	 */
	public static int run(CommandLine cli, String... args) {
		boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
		cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
			PrintWriter err = commandLine.getErr();
			err.println("error: " + message(e));
			if (verbose) e.printStackTrace(err);
			err.flush();
			return exitCode(e);
		});
		try {
			return cli.execute(args);
		}
		catch (OutOfMemoryError e) {
			// picocli hands errors on: what is left of the heap is freed by now
			cli.getErr().println("error: " + UserError.outOfJavaMemory(null, e).getMessage());
			cli.getErr().flush();
			return OUT_OF_MEMORY;
		}
	}

	public static String message(Throwable e) {
		String m = e.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
	}

	static int exitCode(Throwable e) {
		if (e instanceof UserError u) return u.kind().exitCode();
		if (e instanceof IllegalArgumentException) return BAD_INPUT;
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
