package sc.fiji.deepmac.segment;

/** Hears how far a segmentation is, and may cancel it between model calls. */
public interface ProgressListener {

	ProgressListener NONE = new ProgressListener() {};

	/** {@code done} of {@code total} boxes are segmented; {@code what} says where the run is. */
	default void progress(long done, long total, String what) {}

	/** Polled between model calls: true stops the run with a {@link java.util.concurrent.CancellationException}. */
	default boolean isCancelled() {
		return false;
	}

	/** A warning about the input that did not stop the run (a clipped box, a non-rectangular ROI, ...). */
	default void warn(String message) {}
}
