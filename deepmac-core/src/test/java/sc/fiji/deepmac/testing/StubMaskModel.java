package sc.fiji.deepmac.testing;

import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.RgbImage;

/**
 * A mask model without TensorFlow for tests that need controlled probabilities: masks of side {@link #SIZE} from
 * {@link #mask}, every box in one whole-plane call (input size 1024), remembering the last call.
 */
public abstract class StubMaskModel implements MaskModel {

	public static final int SIZE = 16;

	/** The last call's masks and boxes. */
	public BoxMasks masks;
	public float[] boxes;

	/** Writes the mask of the box {@code ymin, xmin, ymax, xmax} (normalised) into {@code out}, row-major. */
	protected abstract void mask(float[] box, float[] out);

	@Override
	public BoxMasks predict(RgbImage image, float[] boxes) {
		int n = boxes.length / 4;
		float[] p = new float[n * SIZE * SIZE], one = new float[SIZE * SIZE];
		for (int k = 0; k < n; k++) {
			mask(java.util.Arrays.copyOfRange(boxes, 4 * k, 4 * k + 4), one);
			System.arraycopy(one, 0, p, k * SIZE * SIZE, one.length);
		}
		this.masks = new BoxMasks(n, SIZE, p);
		this.boxes = boxes.clone();
		return masks;
	}

	@Override
	public int inputSize() {
		return 1024;
	}

	@Override
	public String name() {
		return getClass().getSimpleName();
	}

	@Override
	public void close() {}
}
