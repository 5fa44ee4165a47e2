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

	/**
	 * Two-stage use: the image's features, from which {@link PlaneFeatures#masks} gives {@link #predict}'s masks for
	 * any boxes without running the image encoder again.
	 *
	 * @return the features, closed by the caller; null when the model runs in one call only (the default)
	 */
	default PlaneFeatures features(RgbImage image) {
		return null;
	}

	/** Long side, in pixels, that the model resizes its input to; decides when boxes need a context crop. */
	int inputSize();

	/**
	 * The window, as a fraction of a box's long side, within which this model's masks are snapped to the image's
	 * edges unless the user says otherwise ({@code snap_edges} in a model folder's deepmac.properties); 0: not snapped.
	 */
	default double edgeSnapRadius() {
		return 0;
	}

	/** A name for logs and tables. */
	String name();

	/** Which model this is, for the outputs' provenance: its name, folder and checksum where it has them. */
	default ModelProvenance provenance() {
		return ModelProvenance.named(name());
	}

	@Override
	void close();
}
