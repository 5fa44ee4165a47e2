package sc.fiji.deepmac.model;

/**
 * A Deep-MAC mask head: an RGB image and boxes in, one mask per box out. All boxes of one image go in one call.
 */
public interface MaskModel extends AutoCloseable {

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

	/** Which model this is, for the outputs' provenance: its name, folder and checksum where it has them. */
	default ModelProvenance provenance() {
		return ModelProvenance.named(name());
	}

	@Override
	void close();
}
