package sc.fiji.deepmac.engine.spi;

/** A loaded Deep-MAC model inside an engine. Calls are serialised by the caller or by the implementation. */
public interface EngineModel extends AutoCloseable {

	/**
	 * Runs the model once on an image and all its boxes.
	 *
	 * @param rgb the image, interleaved 8-bit RGB, {@code height * width * 3} bytes
	 * @param boxes N boxes as {@code ymin, xmin, ymax, xmax}, normalised to the image (length 4N, N at least 1)
	 * @return {@code detection_masks}: N masks of S x S probabilities, row-major, box after box
	 * @throws EngineException of kind {@link EngineException.Kind#MODEL} when the model fails or answers in another
	 *           shape, {@link EngineException.Kind#MEMORY} when it runs out of memory
	 */
	float[] predict(byte[] rgb, int height, int width, float[] boxes);

	/**
	 * Two-stage use: runs the model's {@code image_features} signature once on an image, for masks from
	 * {@code masks_from_features} afterwards. The masks equal {@link #predict}'s for the same image and boxes.
	 *
	 * @param rgb the image, interleaved 8-bit RGB, {@code height * width * 3} bytes
	 * @return the features, to be closed by the caller; null when the model does not export the two signatures
	 * @throws EngineException as {@link #predict} does
	 */
	ImageFeatures features(byte[] rgb, int height, int width);

	/** The serving signature as found, for {@code info} and error messages. */
	String signature();

	@Override
	void close();
}
