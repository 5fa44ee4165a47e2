package sc.fiji.deepmac.train;

/**
 * An image with its instances: pixel values 0..255 (interleaved RGB, float), an instance label per pixel (0 =
 * background), and per label its class and whether its mask may be used for training.
 */
public record Scene(int width, int height, float[] rgb, int[] labels, int[] classOf, boolean[] masked) {

	/** Number of label values (labels are 1..count-1). */
	public int labelCount() {
		return classOf.length;
	}
}
