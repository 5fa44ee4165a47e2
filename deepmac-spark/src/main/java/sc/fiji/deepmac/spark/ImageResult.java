package sc.fiji.deepmac.spark;

import java.io.Serializable;

/**
 * What one task did with one image: a row of the job's summary table.
 *
 * @param error empty when the image was segmented (or skipped as complete), else the one-line reason
 * @param executor the JVM that ran the task (pid@host) and how many models that JVM has loaded so far
 */
record ImageResult(String image, int boxes, int instances, double seconds, String error, String executor,
	int modelLoads) implements Serializable
{
	static final String HEADER = "image,boxes,instances,seconds,error";

	boolean failed() {
		return !error.isEmpty();
	}

	String csvRow() {
		return String.join(",", quote(image), "" + boxes, "" + instances, String.format(java.util.Locale.ROOT, "%.3f",
			seconds), quote(error));
	}

	private static String quote(String text) {
		return text.matches("[^,\"\\r\\n]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
	}
}
