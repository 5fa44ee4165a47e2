package sc.fiji.deepmac.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.testing.TestModels;

class MaskReframerTest {

	@Test
	void equalsTensorFlowsOwnReframeEverywhere() {
		Random random = new Random(42);
		int n = 6, size = 32, height = 97, width = 131;
		float[] masks = new float[n * size * size];
		for (int i = 0; i < masks.length; i++) masks[i] = random.nextFloat();
		float[] boxes = {
			0.1f, 0.2f, 0.5f, 0.6f, // ordinary
			0f, 0f, 1f, 1f, // the whole image
			-0.2f, 0.7f, 0.3f, 1.4f, // partly outside
			0.40f, 0.40f, 0.4001f, 0.45f, // thinner than a pixel row
			0.3f, 0.3f, 0.3f, 0.3f, // degenerate: the 1e-4 floor
			0.25f, 0.013f, 0.77f, 0.05f }; // narrow
		float[] expected = TestModels.officialReframe(masks, n, size, boxes, height, width);
		MaskReframer reframer = new MaskReframer(new BoxMasks(n, size, masks), boxes, height, width);
		for (int k = 0; k < n; k++) {
			int[] region = reframer.region(k);
			float[] inside = new float[height * width];
			if (region != null) reframer.reframe(k, region, inside);
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					float tf = expected[(k * height + y) * width + x];
					boolean in = region != null && x >= region[0] && x < region[2] && y >= region[1] && y < region[3];
					float painted = in ? inside[(y - region[1]) * (region[2] - region[0]) + x - region[0]] : 0f;
					assertEquals(tf, reframer.probability(k, x, y), 1e-6f, "box " + k + " at " + x + "," + y);
					assertEquals(tf, painted, 1e-6f, "region of box " + k + " at " + x + "," + y);
				}
		}
	}

	@Test
	void aBoxBetweenPixelCentresHasNoRegion() {
		float[] masks = new float[4];
		java.util.Arrays.fill(masks, 1f);
		// rows map to y / (H - 1): with H = 3 the centres are 0, 0.5, 1; a box from 0.6 to 0.9 holds none.
		MaskReframer reframer = new MaskReframer(new BoxMasks(1, 2, masks), new float[] { 0.6f, 0f, 0.9f, 1f }, 3, 3);
		assertNull(reframer.region(0));
	}
}
