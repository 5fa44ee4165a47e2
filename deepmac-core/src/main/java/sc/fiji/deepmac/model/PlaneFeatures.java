package sc.fiji.deepmac.model;

/**
 * A model's image features of one image ({@link MaskModel#features}), held by the engine until closed: masks for
 * boxes on that image then cost only the mask head.
 */
public interface PlaneFeatures extends AutoCloseable {

	/**
	 * Masks for boxes on the image, equal to {@link MaskModel#predict} on that image.
	 *
	 * @param boxes N boxes as {@code ymin, xmin, ymax, xmax}, normalised to the image (length 4N, N at least 1)
	 * @throws ModelException when the features are closed or the model fails
	 */
	BoxMasks masks(float[] boxes);

	/** The memory the features hold, in bytes. */
	long bytes();

	@Override
	void close();
}
