package sc.fiji.deepmac.train.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import sc.fiji.deepmac.cli.DeepMacCli;
import sc.fiji.deepmac.cli.ModelOptions;
import sc.fiji.deepmac.evaluate.Evaluator;
import sc.fiji.deepmac.evaluate.SyntheticDataset;
import sc.fiji.deepmac.io.CsvOutput;
import sc.fiji.deepmac.train.CocoData;
import sc.fiji.deepmac.train.DsbData;
import sc.fiji.deepmac.train.SyntheticScenes;

/** {@code deepmac evaluate}: mean instance IoU with ground-truth boxes as prompts, beside two baselines. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
	description = "Mean instance IoU of a model with ground-truth boxes as prompts, through the full pipeline, beside the filled-box and Otsu-in-box baselines.")
final class EvaluateCommand implements Callable<Integer> {

	@Mixin
	ModelOptions model;

	@Option(names = "--data", paramLabel = "DIR", description = "Folder of NAME.png with NAME_labels.png (or its train/ subfolder)")
	Path data;

	@Option(names = "--coco", paramLabel = "FILE", description = "Instead of --data: a COCO instances JSON (polygons or RLE; crowd regions ignored) with --images")
	Path coco;

	@Option(names = "--images", paramLabel = "DIR", description = "With --coco: the folder of the images its file_name fields name")
	Path cocoImages;

	@Option(names = "--split", defaultValue = "all", paramLabel = "all|train|validation",
		description = "Which part of --data or --coco: all, or the training / validation split that 'deepmac train' uses (default: ${DEFAULT-VALUE})")
	String split;

	@Option(names = "--categories", defaultValue = "all", paramLabel = "all|voc|nonvoc|NAME[,NAME...]",
		description = "With --coco: score the instances of these categories only (all still prompt); voc: the 20 PASCAL VOC ones; or category names such as person (default: ${DEFAULT-VALUE})")
	String categories;
	@Option(names = "--synthetic", paramLabel = "seen|unseen|all",
		description = "Instead of --data: evaluate on a synthetic set of these shape classes (written to --save-data or a temporary folder)")
	String synthetic;

	@Option(names = "--clean", description = "Synthetic set of clean scenes: separate objects, clear contrast, no texture or clutter") boolean clean;
	@Option(names = "--count", defaultValue = "40", description = "Synthetic images (default: ${DEFAULT-VALUE})") int count;
	@Option(names = "--seed", defaultValue = "1000", description = "Seed of the synthetic set (default: ${DEFAULT-VALUE})") long seed;
	@Option(names = "--save-data", paramLabel = "DIR", description = "Where to write the synthetic set") Path saveData;
	@Option(names = "--limit", defaultValue = "0", description = "Evaluate only the first N images (0: all)") int limit;
	@Option(names = "--csv", paramLabel = "FILE", description = "Also write per-image figures to this CSV") Path csv;
	@Option(names = "--overlays", paramLabel = "DIR", description = "Also write an overlay PNG per image (mask outlines and boxes) here") Path overlays;
	@Option(names = "--quiet", description = "Only the summary line") boolean quiet;

	@Override
	public Integer call() throws Exception {
		Evaluator evaluator = new Evaluator(model.load(), model.segmentationOptions());
		if (overlays != null) evaluator.withOverlays(overlays);
		PrintStream log = quiet ? null : System.out;
		List<Evaluator.Score> scores;
		String what;
		int imageCount;
		if (coco != null) {
			if (cocoImages == null) throw new IllegalArgumentException("--coco needs --images DIR, the folder of its images");
			CocoData data = CocoData.read(coco);
			List<CocoData.Image> images = limit(data.split(split));
			scores = evaluator.evaluateCoco(images, cocoImages, data.maskedCategories(categories), log);
			what = coco + " (" + split + (categories.equals("all") ? "" : ", " + categories + " categories") + ")";
			imageCount = images.size();
		}
		else {
			List<Path> images;
			if (synthetic != null) {
				Boolean seen = switch (synthetic) {
					case "seen" -> Boolean.TRUE;
					case "unseen" -> Boolean.FALSE;
					case "all" -> null;
					default -> throw new IllegalArgumentException("--synthetic takes seen, unseen or all");
				};
				Path dir = saveData != null ? saveData : Files.createTempDirectory("deepmac-synthetic");
				images = SyntheticDataset.write(dir, count, SyntheticScenes.classes(seen), seed, clean);
				what = "synthetic " + (clean ? "clean " : "") + synthetic + " classes, " + count + " images, seed " + seed + " (" + dir + ")";
			}
			else {
				if (data == null) throw new IllegalArgumentException("Give --data DIR, --coco FILE --images DIR or --synthetic seen|unseen|all");
				images = switch (split) {
					case "all" -> DsbData.images(data);
					case "train" -> DsbData.split(data, false);
					case "validation" -> DsbData.split(data, true);
					default -> throw new IllegalArgumentException("--split takes all, train or validation");
				};
				what = data + " (" + split + ")";
			}
			images = limit(images);
			scores = evaluator.evaluate(images, log);
			imageCount = images.size();
		}
		Evaluator.Score all = scores.get(scores.size() - 1);
		System.out.printf("%s: %d images, %d instances: mean IoU model %.3f | filled box %.3f | Otsu in box %.3f%n", what,
			imageCount, all.instances(), all.meanModel(), all.meanBox(), all.meanOtsu());
		if (csv != null) {
			List<List<?>> rows = new ArrayList<>();
			for (Evaluator.Score s : scores)
				rows.add(List.of(s.name(), s.instances(), s.meanModel(), s.meanBox(), s.meanOtsu()));
			CsvOutput.write(List.of("image", "instances", "iou_model", "iou_filled_box", "iou_otsu_in_box"), rows, csv);
		}
		return DeepMacCli.OK;
	}

	private <T> List<T> limit(List<T> images) {
		return limit > 0 && images.size() > limit ? images.subList(0, limit) : images;
	}
}
