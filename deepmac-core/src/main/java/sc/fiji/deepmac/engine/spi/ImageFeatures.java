package sc.fiji.deepmac.engine.spi;

/**
 * The image features of one image inside an engine ({@link EngineModel#features}): kept alive, in the engine's
 * memory, until closed, so that masks for any number of boxes cost only the mask head.
 */
public interface ImageFeatures extends AutoCloseable {

	/**
	 * Masks for boxes on the image these features came from, as {@link EngineModel#predict} would give them.
	 *
	 * @param boxes N boxes as {@code ymin, xmin, ymax, xmax}, normalised to the image (length 4N, N at least 1)
	 * @return {@code detection_masks}: N masks of S x S probabilities, row-major, box after box
	 * @throws EngineException of kind {@link EngineException.Kind#MODEL} when the features are closed or the model fails
	 */
	float[] masks(float[] boxes);

	/** The memory the features hold, in bytes. */
	long bytes();

	/** Releases the features; further {@link #masks} calls fail. Closing twice does nothing. */
	@Override
	void close();
}
