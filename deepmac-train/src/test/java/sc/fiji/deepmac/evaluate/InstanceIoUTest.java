package sc.fiji.deepmac.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InstanceIoUTest {

	@Test
	void handMadeCases() {
		// 1 x 8 planes: instance 1 predicted exactly, instance 2 half overlapping, instance 3 missed
		int[] truth = { 1, 1, 0, 2, 2, 0, 3, 3 };
		int[] pred = { 1, 1, 0, 0, 2, 2, 0, 0 };
		double[] iou = InstanceIoU.perInstance(truth, pred, 3, null);
		assertEquals(1.0, iou[0], 1e-12);
		assertEquals(1.0 / 3, iou[1], 1e-12);
		assertEquals(0.0, iou[2], 1e-12);
		assertEquals((1 + 1.0 / 3) / 3, InstanceIoU.mean(iou), 1e-12);
	}

	@Test
	void absentInstancesAreNaNAndSkippedByTheMean() {
		double[] iou = InstanceIoU.perInstance(new int[] { 1, 0 }, new int[] { 1, 0 }, 2, null);
		assertTrue(Double.isNaN(iou[1]));
		assertEquals(1.0, InstanceIoU.mean(iou), 1e-12);
	}

	@Test
	void binaryMasks() {
		assertEquals(0.5, InstanceIoU.of(new boolean[] { true, true, false }, new boolean[] { true, false, false }, null), 1e-12);
		assertTrue(Double.isNaN(InstanceIoU.of(new boolean[2], new boolean[2], null)));
	}

	@Test
	void filledBoxIsAreaOverBoxArea() {
		// a 4 x 4 plane, instance 1 an L of 3 pixels in the 2 x 2 box at (1, 1)
		int[] truth = new int[16];
		truth[1 * 4 + 1] = truth[2 * 4 + 1] = truth[2 * 4 + 2] = 1;
		assertEquals(0.75, BoxBaselines.filledBox(truth, 4, 1, 1, 1, 2, 2, null), 1e-12);
	}

	@Test
	void otsuFindsABrightOrADarkDiskInItsBox() {
		int w = 40, h = 40;
		int[] bright = new int[w * h], dark = new int[w * h];
		boolean[] disk = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				boolean in = (x - 20) * (x - 20) + (y - 20) * (y - 20) <= 64;
				disk[y * w + x] = in;
				bright[y * w + x] = in ? 200 : 40;
				dark[y * w + x] = in ? 30 : 180;
			}
		assertEquals(1.0, InstanceIoU.of(BoxBaselines.otsuInBox(bright, w, h, 12, 12, 28, 28), disk, null), 1e-12);
		assertEquals(1.0, InstanceIoU.of(BoxBaselines.otsuInBox(dark, w, h, 12, 12, 28, 28), disk, null), 1e-12);
	}
}
