package sc.fiji.deepmac.train.cli;

import sc.fiji.deepmac.cli.DeepMacCli;
import sc.fiji.deepmac.cli.ModelOptions;
import picocli.CommandLine;

import sc.fiji.deepmac.cli.DeepMacCli;

/**
 * {@code deepmac train | evaluate | demo}: the command line with the training module's commands added. These run the
 * engine on this module's class path, beside the TensorFlow graphs that training builds.
 */
public final class TrainCli {

	private TrainCli() {}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	public static int run(String... args) {
		// a training script gives its recipe, then the caller's changes to it: the last value of an option wins
		CommandLine train = new CommandLine(new TrainCommand()).setOverwrittenOptionsAllowed(true);
		CommandLine cli = new CommandLine(new DeepMacCli()).addSubcommand("train", train)
			.addSubcommand(new EvaluateCommand()).addSubcommand(new DemoCommand());
		return DeepMacCli.run(cli, args);
	}
}
