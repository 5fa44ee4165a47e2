package sc.fiji.deepmac.model;

/**
 * A Deep-MAC mask head: an RGB image and boxes in, one mask per box out. Each box's mask depends on the image and
 * that box only, so boxes may be split over calls (see {@link #BOXES_PER_CALL_PROPERTY}).
 */
public interface MaskModel extends AutoCloseable {

	/** System property: the most boxes that a segmenter passes to one call (memory grows with them). */
	String BOXES_PER_CALL_PROPERTY = "deepmac.boxesPerCall";

	/**
	 * Predicts one mask per box.
	 *
	 * @param image the model input, interleaved 8-bit RGB
	 * @param boxes N boxes as {@code ymin, xmin, ymax, xmax}, normalised to the image (length 4N)
	 */
	BoxMasks predict(RgbImage image, float[] boxes);

	/** Long side, in pixels, that the model resizes its input to; decides when boxes need a context crop. */
	int inputSize();

	/** A name for logs and tables. */
	String name();

	@Override
	void close();
}
