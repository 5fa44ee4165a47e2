package sc.fiji.deepmac.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import sc.fiji.deepmac.batch.BatchRunner;

@Command(name = "batch", mixinStandardHelpOptions = true,
	description = "Segment every image of a folder that has <stem>.csv, <stem>.zip or <stem>.roi beside it.")
final class BatchCommand implements Callable<Integer> {

	@Option(names = "--input", required = true, paramLabel = "DIR", description = "Folder of images and box files")
	Path input;

	@Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: INPUT/deepmac)")
	Path out;

	@Option(names = "--overwrite", description = "Redo images whose outputs are already complete")
	boolean overwrite;

	@Mixin
	ModelOptions model;

	@Mixin
	LimitOptions limits;

	@Override
	public Integer call() throws Exception {
		Path outDir = out != null ? out : input.resolve("deepmac");
		BatchRunner.Summary summary = new BatchRunner(limits.fileSegmentation(model), overwrite, System.err,
			new ConsoleProgress()).run(input, outDir);
		if (!summary.failed()) return DeepMacCli.OK;
		return summary.onlyInputFailures() ? DeepMacCli.BAD_INPUT : DeepMacCli.FAILED;
	}

	/** A console progress bar with speed and ETA, on stderr. */
	private static final class ConsoleProgress implements BatchRunner.Progress {

		private ProgressBar bar;

		@Override
		public void start(int images) {
			bar = new ProgressBarBuilder().setTaskName("Segmenting").setInitialMax(images).setStyle(ProgressBarStyle.ASCII)
				.setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed().build();
		}

		@Override
		public void image(Path image) {
			bar.setExtraMessage(image.getFileName().toString());
		}

		@Override
		public void step() {
			bar.step();
		}

		@Override
		public void end() {
			if (bar != null) bar.close();
		}
	}
}
