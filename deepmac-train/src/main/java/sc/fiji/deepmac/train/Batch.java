package sc.fiji.deepmac.train;

/**
 * A training mini-batch: images (pixel values 0..255, interleaved RGB), boxes normalised to their image, the
 * ground-truth masks cropped to each box ({@code maskSize}², values 0..1), and per-box loss weights (0 for boxes
 * of classes without mask supervision, and for padding).
 */
public record Batch(int images, int height, int width, float[] pixels, int boxCount, float[] boxes, int[] boxImage,
	float[] targets, float[] weights)
{}
