package sc.fiji.deepmac.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What one task did with one image: a row of the job's summary table.
 *
 * @param error empty when the image was segmented (or skipped as complete), else the one-line reason
 * @param executor the JVM that ran the task (pid@host) and how many models that JVM has loaded so far
 */
record ImageResult(String image, int boxes, int instances, double seconds, String error, String executor,
	int modelLoads) implements Serializable
{
	/** The summary table's columns. */
	static final List<String> HEADER = List.of("image", "boxes", "instances", "seconds", "error");

	boolean failed() {
		return !error.isEmpty();
	}

	/** This result as a row of the summary table (seconds to the millisecond). */
	List<Object> row() {
		return List.of(image, boxes, instances, Math.round(seconds * 1000) / 1000.0, error);
	}
}
