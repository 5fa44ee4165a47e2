package sc.fiji.deepmac.spark;

import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.batch.FileSegmentation;
import sc.fiji.deepmac.io.AtomicFiles;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.model.ModelCache;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.options.RunSettings;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * One image, run on an executor: the image and its boxes copied to a local folder, segmented exactly as {@code batch}
 * does ({@link FileSegmentation}), the outputs published on the target file system ({@link OutputFiles}). The model
 * comes from the executor JVM's one {@link ModelCache}, so each executor loads it once.
 *
 * @param settings the run options; {@code model} is a folder that every executor has
 */
record ImageTask(String image, String boxes, String outDir, RunSettings settings, HadoopConf conf)
	implements Serializable
{
	ImageResult run() {
		long start = System.nanoTime();
		int boxCount = 0, instances = 0;
		String error = "";
		java.nio.file.Path local = null;
		try {
			local = Files.createTempDirectory("deepmac-spark-");
			Path imagePath = new Path(image), boxesPath = new Path(boxes);
			java.nio.file.Path localImage = fetch(imagePath, local), localBoxes = fetch(boxesPath, local);
			String stem = OutputSet.stem(Paths.get(imagePath.getName()));
			OutputSet outputs = new OutputSet(Files.createDirectories(local.resolve("out")), stem);
			FileSegmentation segmentation = new FileSegmentation(() -> new DeepMacSegmenter(
				ModelCache.shared().get(ModelLocator.resolve(settings.model()), settings.device(), settings.trustModel()), settings.options()));
			SegmentationResult result = segmentation.run(localImage, localBoxes, outputs, ProgressListener.NONE);
			Path out = new Path(outDir);
			new OutputFiles(conf.fileSystem(out), out, stem).publish(outputs);
			instances = result.instances().size();
			boxCount = (int) result.instances().stream().mapToInt(i -> i.label()).distinct().count();
		}
		catch (UserError e) {
			error = e.getMessage();
		}
		catch (IOException | RuntimeException e) {
			error = e.getMessage() == null ? e.toString() : e.getMessage();
		}
		finally {
			deleteQuietly(local);
		}
		// messages name the task's local copy: name the image as the user gave it
		if (local != null) error = error.replace(local.resolve(new Path(image).getName()).toString(), image);
		return new ImageResult(image, boxCount, instances, (System.nanoTime() - start) / 1e9, error.replace('\n', ' '),
			ManagementFactory.getRuntimeMXBean().getName(), ModelCache.shared().loads());
	}

	private java.nio.file.Path fetch(Path remote, java.nio.file.Path localDir) throws IOException {
		FileSystem fs = conf.fileSystem(remote);
		java.nio.file.Path local = localDir.resolve(remote.getName());
		fs.copyToLocalFile(false, remote, new Path(local.toUri()), true);
		return local;
	}

	private static void deleteQuietly(java.nio.file.Path dir) {
		if (dir == null) return;
		try {
			AtomicFiles.deleteTree(dir);
		}
		catch (IOException | RuntimeException ignored) {
			// a temporary folder; the OS cleans what is left
		}
	}
}
