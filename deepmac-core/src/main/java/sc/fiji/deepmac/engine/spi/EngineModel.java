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

	/** The serving signature as found, for {@code info} and error messages. */
	String signature();

	@Override
	void close();
}
