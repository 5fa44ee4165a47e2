package sc.fiji.deepmac.train;

import java.nio.file.Path;

/**
 * Everything a training run depends on; with the seed, it fixes the run.
 *
 * @param out folder for the checkpoint, the log and the exported model ({@code out/model})
 * @param nuclei the dsb2018 folder, or null to train on synthetic scenes only
 * @param steps optimiser steps
 * @param images images per batch
 * @param boxesPerImage boxes (with masks) per image
 * @param crop side of the training crops in model-input pixels
 * @param learningRate peak learning rate (cosine decay after a linear warm-up)
 * @param warmup warm-up steps
 * @param jitter box jitter ratio (0: ground-truth boxes)
 * @param syntheticFraction share of synthetic scenes in the batches
 * @param allClassesMasked whether the unseen synthetic classes also get mask loss (no partial supervision)
 * @param threads TensorFlow threads (0: TensorFlow's choice)
 * @param checkpointEvery steps between checkpoints
 * @param timeLimitMinutes stop (checkpoint and export) after this many minutes, 0 for none
 * @param photos folder of photographs for synthetic backgrounds and object fills, or null
 * @param extra folder of other labelled images (NAME.png + NAME_labels.png, e.g. pedestrians), or null
 * @param extraFraction share of scenes taken from {@code extra} and {@code coco} together
 * @param coco a COCO instances JSON whose training split joins the extra images, or null
 * @param cocoImages the folder of the COCO file's images
 * @param maskCategories which COCO categories get mask loss: {@code all}, {@code voc} or {@code nonvoc}
 * @param backbone the TensorFlow.js CenterNet ({@code centernet.json}) of a {@link NetConfig#CENTERNET} network, else null
 */
public record TrainOptions(Path out, Path nuclei, NetConfig net, long seed, int steps, int images, int boxesPerImage,
	int crop, float learningRate, int warmup, double jitter, double syntheticFraction, double minObject, double maxObject,
	boolean allClassesMasked, int threads, int checkpointEvery, double timeLimitMinutes, Path photos,
	Path extra, double extraFraction, Path coco, Path cocoImages, String maskCategories, Path backbone)
{
	/** Whether some scenes are nuclei: not when all are synthetic, nor when all come from the extra images. */
	public boolean needsNuclei() {
		return syntheticFraction < 1 && !((extra != null || coco != null) && extraFraction >= 1);
	}
}
