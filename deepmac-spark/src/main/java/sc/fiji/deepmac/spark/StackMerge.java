package sc.fiji.deepmac.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.Path;

import ij.ImagePlus;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.batch.FileSegmentation;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.options.RunSettings;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * The one task that puts a stack's planes together, once all its plane tasks are done: the label stack, ROIs and
 * instance table as {@code batch} makes them ({@link DeepMacSegmenter#assemble}), written by batch's writers
 * ({@link FileSegmentation#write}) and published like any image's outputs ({@link OutputFiles}). A plane that failed
 * fails the stack, which then has no outputs, like an image that fails in {@code batch}; the planes that did not fail
 * stay saved for the rerun. Once the outputs are published, the saved planes go.
 */
record StackMerge(StackFiles stack, String outDir, RunSettings settings, SavedPlanes saved) implements Serializable {

	/** For Spark's mapPartitions over the one partition that holds the stack's planes. */
	Iterator<ImageResult> merge(Iterator<PlaneResult> planes) {
		List<PlaneResult> all = new ArrayList<>();
		planes.forEachRemaining(all::add);
		return List.of(merge(all)).iterator();
	}

	ImageResult merge(List<PlaneResult> planes) {
		long start = System.nanoTime();
		Map<String, Integer> loads = new HashMap<>(ImageResult.loadsHere());
		double planeSeconds = 0;
		for (PlaneResult p : planes) {
			planeSeconds += p.seconds();
			p.modelLoads().forEach((jvm, n) -> loads.merge(jvm, n, Math::max));
		}
		String error = error(planes);
		if (!error.isEmpty()) return new ImageResult(stack.image(), 0, 0, planeSeconds + ImageTask.seconds(start), error,
			loads);
		java.nio.file.Path local = null;
		try {
			local = Files.createTempDirectory("deepmac-spark-");
			ImagePlus image = stack.open();
			SegmentationResult result = DeepMacSegmenter.assemble(image, stack.boxes(image, local), planes.stream()
				.map(PlaneResult::segmentation).toList(), planes.get(0).model(), settings.options(), ProgressListener.NONE);
			String stem = OutputSet.stem(stack.image());
			OutputSet outputs = new OutputSet(Files.createDirectories(local.resolve("out")), stem);
			FileSegmentation.write(result, image.getCalibration(), outputs);
			Path out = new Path(outDir);
			new OutputFiles(stack.conf().fileSystem(out), out, stem).publish(outputs);
			saved.clear();
			return ImageResult.of(stack.image(), result, planeSeconds + ImageTask.seconds(start), loads);
		}
		catch (IOException | RuntimeException e) {
			return new ImageResult(stack.image(), 0, 0, planeSeconds + ImageTask.seconds(start),
				ImageTask.message(e, local, stack.boxes()), loads);
		}
		catch (OutOfMemoryError e) {
			// the label stack, as batch holds it
			return new ImageResult(stack.image(), 0, 0, planeSeconds + ImageTask.seconds(start),
				UserError.outOfJavaMemory(stack.image(), e).getMessage(), loads);
		}
		finally {
			ImageTask.deleteQuietly(local);
		}
	}

	/**
	 * The stack's one-line error, empty when no plane failed: the message when every failed plane failed alike (as when
	 * a box does not fit the image, which {@code batch} reports so), else the first failed plane's, with its plane.
	 */
	private static String error(List<PlaneResult> planes) {
		List<PlaneResult> failed = planes.stream().filter(PlaneResult::failed)
			.sorted(Comparator.comparingInt(PlaneResult::index)).toList();
		if (failed.isEmpty()) return "";
		PlaneResult first = failed.get(0);
		if (failed.stream().allMatch(p -> p.error().equals(first.error()))) return first.error();
		return "plane " + (first.index() + 1) + " of " + planes.size() + (first.plane() == null ? "" : " (" + first.plane()
			+ ")") + ": " + first.error();
	}
}
