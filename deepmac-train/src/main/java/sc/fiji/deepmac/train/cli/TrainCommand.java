package sc.fiji.deepmac.train.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import sc.fiji.deepmac.cli.DeepMacCli;
import sc.fiji.deepmac.cli.ModelOptions;
import sc.fiji.deepmac.model.DefaultModel;
import sc.fiji.deepmac.train.DsbData;
import sc.fiji.deepmac.train.ModelExporter;
import sc.fiji.deepmac.train.NetConfig;
import sc.fiji.deepmac.train.TrainOptions;
import sc.fiji.deepmac.train.Trainer;

/** {@code deepmac train}: trains a Deep-MAC mask model on nuclei and synthetic shapes and exports it. */
@Command(name = "train", mixinStandardHelpOptions = true,
	description = "Train a Deep-MAC model (docs/model.md) and export it as a SavedModel with the official signature.")
final class TrainCommand implements Callable<Integer> {

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder: checkpoint, resume, and OUT/model")
	Path out;

	@Option(names = "--data", paramLabel = "DIR", description = "Nuclei folder (NAME.png + NAME_labels.png); default ../shared/data/dsb2018 beside the project")
	Path data;

	@Option(names = "--steps", defaultValue = "2000") int steps;
	@Option(names = "--batch", defaultValue = "8", description = "Images per batch (default: ${DEFAULT-VALUE})") int batch;
	@Option(names = "--boxes", defaultValue = "8", description = "Boxes per image (default: ${DEFAULT-VALUE})") int boxes;
	@Option(names = "--crop", defaultValue = "192", description = "Training crop side (default: ${DEFAULT-VALUE})") int crop;
	@Option(names = "--lr", defaultValue = "0.002") float lr;
	@Option(names = "--warmup", defaultValue = "100") int warmup;
	@Option(names = "--head", defaultValue = "hourglass2", description = "conv2..convN or hourglass1..hourglassK (default: ${DEFAULT-VALUE})") String head;
	@Option(names = "--head-channels", defaultValue = "32") int headChannels;
	@Option(names = "--input-size", defaultValue = "512", description = "Long side the exported model resizes to (default: ${DEFAULT-VALUE})") int inputSize;
	@Option(names = "--jitter", defaultValue = "0", description = "Box jitter ratio; 0 = ground-truth boxes (default: ${DEFAULT-VALUE})") double jitter;
	@Option(names = "--synthetic", defaultValue = "0.5", description = "Share of synthetic scenes; 1 = no nuclei (default: ${DEFAULT-VALUE})") double synthetic;
	@Option(names = "--min-object", defaultValue = "24") double minObject;
	@Option(names = "--max-object", defaultValue = "160") double maxObject;
	@Option(names = "--all-classes-masked", description = "Train masks of the unseen synthetic classes too (no partial supervision)") boolean allMasked;
	@Option(names = "--seed", defaultValue = "1") long seed;
	@Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads; 0 = all cores") int threads;
	@Option(names = "--checkpoint-every", defaultValue = "100") int checkpointEvery;
	@Option(names = "--photos", paramLabel = "DIR", description = "Photographs for synthetic backgrounds and object fills (scripts/training-photos.sh)") Path photos;
	@Option(names = "--extra", paramLabel = "DIR", description = "Other labelled images (NAME.png + NAME_labels.png, or DIR/train/...), e.g. pedestrians (scripts/training-pedestrians.sh)") Path extra;
	@Option(names = "--extra-fraction", defaultValue = "0.15", description = "Share of scenes from --extra and --coco together (default: ${DEFAULT-VALUE})") double extraFraction;
	@Option(names = "--coco", paramLabel = "FILE", description = "A COCO instances JSON: its training split (the held-out fifth of 'evaluate --coco --split validation' left out) joins the --extra images") Path coco;
	@Option(names = "--images", paramLabel = "DIR", description = "With --coco: the folder of the images its file_name fields name") Path cocoImages;
	@Option(names = "--mask-categories", defaultValue = "all", paramLabel = "all|voc|nonvoc|NAME[,NAME...]",
		description = "With --coco: categories whose masks are trained on; the others get boxes but no mask loss (default: ${DEFAULT-VALUE})") String maskCategories;
	@Option(names = "--backbone", paramLabel = "FILE", description = "A frozen COCO-trained CenterNet as the backbone: "
		+ "the centernet.json of scripts/training-centernet.sh (default: our U-Net, trained with the head); with --export-only: "
		+ "where the checkpoint's backbone is now, if it moved") Path backbone;
	@Option(names = "--fine-tune", description = "With --backbone: train the backbone's weights too (default: frozen)") boolean fineTune;
	@Option(names = "--time-limit", defaultValue = "0", paramLabel = "MIN", description = "Stop, checkpoint and export after MIN minutes (0: none)") double timeLimit;

	@Option(names = "--export-only", description = "Only export OUT/checkpoint.bin to OUT/model (e.g. a copy of a running training's checkpoint)") boolean exportOnly;
	@Option(names = "--mask-threshold", paramLabel = "T", description = "With --export-only: calibrate the model so that "
		+ "0.5 falls where the trained head gave T (its probabilities become sigmoid(logit - logit(T))); choose T on "
		+ "training images with 'evaluate --threshold' (default: 0.5, as trained)") Double maskThreshold;

	@Override
	public Integer call() throws Exception {
		if (exportOnly) {
			double threshold = maskThreshold == null ? ModelExporter.UNSHIFTED : maskThreshold;
			System.out.println("model: " + Trainer.exportCheckpoint(out, backbone, threshold).toAbsolutePath());
			return DeepMacCli.OK;
		}
		if (maskThreshold != null) throw new IllegalArgumentException("--mask-threshold calibrates a trained model: "
			+ "give it with --export-only, after choosing it with 'evaluate --threshold'");
		if (coco != null && cocoImages == null) throw new IllegalArgumentException("--coco needs --images DIR, the folder of its images");
		Path nuclei = data != null ? data : DsbData.defaultFolder(projectRoot());
		if (fineTune && backbone == null) throw new IllegalArgumentException("--fine-tune needs --backbone centernet.json");
		NetConfig net = new NetConfig(inputSize, head, headChannels, 32, 16, 32,
			backbone == null ? NetConfig.UNET : fineTune ? NetConfig.CENTERNET_TUNED : NetConfig.CENTERNET);
		TrainOptions options = new TrainOptions(out, nuclei, net, seed, steps, batch, boxes, crop, lr, warmup, jitter, synthetic,
			minObject, maxObject, allMasked, threads, checkpointEvery, timeLimit, photos,
			extra, extraFraction, coco, cocoImages, maskCategories, backbone);
		if (options.needsNuclei() && !java.nio.file.Files.isDirectory(nuclei)) throw new IllegalArgumentException("Nuclei data not found at "
			+ nuclei + ": pass --data DIR (a folder of NAME.png with NAME_labels.png), --synthetic 1, or --extra-fraction 1 with --extra or --coco");
		Trainer.Outcome outcome = new Trainer(options, System.out).run();
		System.out.println("model: " + outcome.model().toAbsolutePath());
		return DeepMacCli.OK;
	}

	static Path projectRoot() {
		String home = System.getProperty(DefaultModel.HOME_PROPERTY);
		return home != null && !home.isBlank() ? Paths.get(home) : Paths.get("").toAbsolutePath();
	}
}
