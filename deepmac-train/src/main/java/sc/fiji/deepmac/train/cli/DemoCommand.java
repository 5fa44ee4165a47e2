package sc.fiji.deepmac.train.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import sc.fiji.deepmac.cli.DeepMacCli;
import sc.fiji.deepmac.evaluate.Demo;
import sc.fiji.deepmac.cli.ModelOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


/** {@code deepmac demo}: segments the samples shipped in models/samples with the default model. */
@Command(name = "demo", mixinStandardHelpOptions = true,
	description = "Segment the shipped samples (a nuclei crop and a photograph, each with its boxes) and write labels, ROIs, table and an overlay PNG.")
final class DemoCommand implements Callable<Integer> {

	@Mixin
	ModelOptions model;

	@Option(names = "--out", defaultValue = "deepmac-demo", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE})")
	Path out;

	@Option(names = "--samples", paramLabel = "DIR", description = "Sample folder (default: models/samples of the installation)")
	Path samples;

	@Override
	public Integer call() throws Exception {
		Path folder = samples != null ? samples : TrainCommand.projectRoot().resolve("models").resolve("samples");
		Path target = out.toAbsolutePath();
		Demo.run(model.load(), model.segmentationOptions(), folder, target, System.out);
		System.out.println("demo outputs in " + target);
		return DeepMacCli.OK;
	}
}
