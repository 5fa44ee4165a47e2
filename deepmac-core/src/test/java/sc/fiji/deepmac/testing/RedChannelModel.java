package sc.fiji.deepmac.testing;

import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.RgbImage;

/**
 * A mask model without TensorFlow for the core's tests: each box's mask is the input's red channel inside the box
 * (nearest pixel at each mask cell), divided by 255, like the tensorflow module's intensity test model.
 */
public final class RedChannelModel implements MaskModel {

	private final int maskSize;
	private final int inputSize;

	public RedChannelModel(int maskSize, int inputSize) {
		this.maskSize = maskSize;
		this.inputSize = inputSize;
	}

	@Override
	public BoxMasks predict(RgbImage image, float[] boxes) {
		int n = boxes.length / 4, s = maskSize, w = image.width(), h = image.height();
		byte[] rgb = image.pixels();
		float[] masks = new float[n * s * s];
		for (int k = 0; k < n; k++) {
			double y0 = boxes[4 * k] * h, x0 = boxes[4 * k + 1] * w, y1 = boxes[4 * k + 2] * h, x1 = boxes[4 * k + 3] * w;
			for (int r = 0; r < s; r++)
				for (int c = 0; c < s; c++) {
					int y = (int) Math.min(h - 1, Math.max(0, Math.floor(y0 + (r + 0.5) * (y1 - y0) / s)));
					int x = (int) Math.min(w - 1, Math.max(0, Math.floor(x0 + (c + 0.5) * (x1 - x0) / s)));
					masks[k * s * s + r * s + c] = (rgb[3 * (y * w + x)] & 0xff) / 255f;
				}
		}
		return new BoxMasks(n, s, masks);
	}

	@Override
	public int inputSize() {
		return inputSize;
	}

	@Override
	public String name() {
		return "red-channel";
	}

	@Override
	public void close() {}
}
