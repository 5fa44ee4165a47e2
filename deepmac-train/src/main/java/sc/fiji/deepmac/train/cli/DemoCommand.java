package sc.fiji.deepmac.train.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import sc.fiji.deepmac.cli.DeepMacCli;
import sc.fiji.deepmac.evaluate.Demo;
import sc.fiji.deepmac.cli.ModelOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


/**
 * {@code deepmac demo}: segments the samples shipped in models/samples with both shipped models (into OUT/nuclei and
 * OUT/objects), or with the one {@code --model} names.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
	description = "Segment the shipped samples (a nuclei crop and a photograph, each with its boxes) with the models nuclei "
		+ "and objects (or the --model given) and write labels, ROIs, table and an overlay PNG.")
final class DemoCommand implements Callable<Integer> {

	/** The shipped models the demo shows side by side. */
	static final List<String> MODELS = List.of("nuclei", "objects");

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
		if (model.defaultModel()) {
			for (String name : MODELS) {
				System.out.println("model " + name + ":");
				Demo.run(model.load(name), model.segmentationOptions(), folder, target.resolve(name), System.out);
			}
		}
		else {
			Demo.run(model.load(), model.segmentationOptions(), folder, target, System.out);
		}
		System.out.println("demo outputs in " + target);
		return DeepMacCli.OK;
	}
}
