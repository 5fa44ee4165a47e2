package sc.fiji.deepmac.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;

import org.apache.hadoop.fs.Path;

import sc.fiji.deepmac.batch.FileSegmentation;
import sc.fiji.deepmac.io.AtomicFiles;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.ModelCache;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.options.RunLimits;
import sc.fiji.deepmac.options.RunSettings;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * One image, run on an executor: the image and its boxes copied to a local folder, segmented exactly as {@code batch}
 * does ({@link FileSegmentation}), the outputs published on the target file system ({@link OutputFiles}). The model
 * comes from the executor JVM's one {@link ModelCache}, so each executor loads it once.
 *
 * @param settings the run options; {@code model} is a folder that every executor has
 */
record ImageTask(String image, String boxes, String outDir, RunSettings settings, RunLimits limits, HadoopConf conf)
	implements Serializable
{
	ImageResult run() {
		long start = System.nanoTime();
		java.nio.file.Path local = null;
		try {
			local = Files.createTempDirectory("deepmac-spark-");
			Path imagePath = new Path(image);
			java.nio.file.Path localImage = conf.fetch(imagePath, local), localBoxes = conf.fetch(new Path(boxes), local);
			String stem = OutputSet.stem(image);
			OutputSet outputs = new OutputSet(Files.createDirectories(local.resolve("out")), stem);
			FileSegmentation segmentation = limits.fileSegmentation(() -> model(settings), settings::options);
			SegmentationResult result = segmentation.run(localImage, localBoxes, outputs, ProgressListener.NONE);
			Path out = new Path(outDir);
			new OutputFiles(conf.fileSystem(out), out, stem).publish(outputs);
			return ImageResult.of(image, result, seconds(start), ImageResult.loadsHere());
		}
		catch (IOException | RuntimeException e) {
			return new ImageResult(image, 0, 0, seconds(start), message(e, local, image, boxes), ImageResult.loadsHere());
		}
		finally {
			deleteQuietly(local);
		}
	}

	/** The executor JVM's model, loaded by its first task. */
	static MaskModel model(RunSettings settings) {
		return ModelCache.shared().get(ModelLocator.resolve(settings.model()), settings.device(), settings.trustModel());
	}

	static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

	/**
	 * An error as one line; messages name the task's local copies ({@code local}/name): they name the files as the user
	 * gave them.
	 */
	static String message(Exception e, java.nio.file.Path local, String... remotes) {
		// the message, or the exception's class where it has none
		String message = e.getMessage() != null ? e.getMessage() : e.toString();
		if (local != null)
			for (String remote : remotes) message = message.replace(local.resolve(new Path(remote).getName()).toString(), remote);
		return message.replace('\n', ' ');
	}

	static void deleteQuietly(java.nio.file.Path dir) {
		if (dir == null) return;
		try {
			AtomicFiles.deleteTree(dir);
		}
		catch (IOException | RuntimeException ignored) {
			// a temporary folder; the OS cleans what is left
		}
	}
}
