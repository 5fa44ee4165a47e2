package sc.fiji.deepmac.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import ij.ImagePlus;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.options.RunSettings;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.Plane;
import sc.fiji.deepmac.segment.PlaneSegmentation;
import sc.fiji.deepmac.segment.ProgressListener;

/**
 * One (z, t) plane of a large stack, run on an executor: the stack's header and this plane's slices read from the
 * file system, the stack's boxes fetched, the plane segmented as {@code batch} segments it
 * ({@link DeepMacSegmenter#segmentPlanes}) with the executor JVM's model. The result goes to the stack's
 * {@link StackMerge}, and is saved until the merge has published the stack, so that a rerun of a killed job takes it
 * as it is ({@link SavedPlanes}).
 *
 * @param index the plane's place in the stack's order of planes ({@link Plane#all}), from 0
 */
record PlaneTask(StackFiles stack, int index, RunSettings settings, SavedPlanes saved) implements Serializable {

	PlaneResult run() {
		long start = System.nanoTime();
		java.nio.file.Path local = null;
		Plane plane = null;
		try {
			Optional<PlaneResult> earlier = saved.saved(index);
			// the model's SHA-256, not its folder: executors may unpack the same model into folders of their own
			if (earlier.isPresent() && earlier.get().model().sha256().equals(ImageTask.model(settings).provenance().sha256()))
				return earlier.get().reused();
			local = Files.createTempDirectory("deepmac-spark-");
			ImagePlus image = stack.open();
			plane = Plane.all(image).get(index);
			// the inputs first, as batch reads them: bad ones fail without the model
			List<Box> boxes = stack.boxes(image, local);
			MaskModel model = ImageTask.model(settings);
			List<PlaneSegmentation> done = new DeepMacSegmenter(model, settings.options(), stack.limits().boxesPerCall())
				.segmentPlanes(image, boxes, List.of(plane), ProgressListener.NONE);
			PlaneResult result = PlaneResult.of(index, done.get(0), model.provenance(), ImageTask.seconds(start));
			saved.save(result);
			return result;
		}
		catch (IOException | RuntimeException e) {
			return PlaneResult.failed(index, plane, ImageTask.message(e, local, stack.boxes()), ImageTask.seconds(start));
		}
		catch (OutOfMemoryError e) {
			// as batch reports it; the task's memory is free again once the plane is dropped
			return PlaneResult.failed(index, plane, UserError.outOfJavaMemory(stack.image(), e).getMessage(),
				ImageTask.seconds(start));
		}
		finally {
			ImageTask.deleteQuietly(local);
		}
	}
}
