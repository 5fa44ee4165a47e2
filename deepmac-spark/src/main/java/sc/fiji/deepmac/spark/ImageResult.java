package sc.fiji.deepmac.spark;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import sc.fiji.deepmac.model.ModelCache;
import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * What the job did with one image (in one task, or in the tasks of its planes and their merge): a row of the job's
 * summary table.
 *
 * @param boxes the boxes that act on a plane of the image
 * @param seconds the time of its task; for a stack split into planes the sum over its plane tasks and its merge
 * @param error empty when the image was segmented (or skipped as complete), else the one-line reason
 * @param modelLoads for each executor JVM that ran one of its tasks (pid@host), how many models that JVM had loaded
 */
record ImageResult(String image, int boxes, int instances, double seconds, String error,
	Map<String, Integer> modelLoads) implements Serializable
{
	/** The summary table's columns. */
	static final List<String> HEADER = List.of("image", "boxes", "instances", "seconds", "error");

	ImageResult {
		modelLoads = Map.copyOf(modelLoads);
	}

	/** A segmented image's row. */
	static ImageResult of(String image, SegmentationResult result, double seconds, Map<String, Integer> modelLoads) {
		int boxes = (int) result.instances().stream().mapToInt(i -> i.label()).distinct().count();
		return new ImageResult(image, boxes, result.instances().size(), seconds, "", modelLoads);
	}

	boolean failed() {
		return !error.isEmpty();
	}

	/** This result as a row of the summary table (seconds to the millisecond). */
	List<Object> row() {
		return List.of(image, boxes, instances, Math.round(seconds * 1000) / 1000.0, error);
	}

	/** This JVM (pid@host). */
	static String jvm() {
		return ManagementFactory.getRuntimeMXBean().getName();
	}

	/** This JVM and the models it has loaded so far. */
	static Map<String, Integer> loadsHere() {
		return Map.of(jvm(), ModelCache.shared().loads());
	}
}
