package sc.fiji.deepmac.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.RgbImage;

class EdgeSnappedMasksTest {

	private static final int W = 120, H = 100;

	/** A gray image: a bright gear (disk with square teeth) on a dark background with a little noise. */
	private static boolean[] gear() {
		boolean[] inside = new boolean[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				double dx = x + 0.5 - 60, dy = y + 0.5 - 50, r = Math.hypot(dx, dy), a = Math.atan2(dy, dx);
				boolean tooth = ((int) Math.floor((a + Math.PI) / (2 * Math.PI) * 12)) % 2 == 0;
				inside[y * W + x] = r < 28 || (tooth && r < 36);
			}
		return inside;
	}

	private static RgbImage image(boolean[] inside) {
		byte[] rgb = new byte[3 * W * H];
		java.util.Random random = new java.util.Random(7);
		for (int i = 0; i < W * H; i++) {
			int v = (inside[i] ? 180 : 60) + (int) Math.round(random.nextGaussian() * 4);
			rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) v;
		}
		return new RgbImage(W, H, rgb);
	}

	/**
	 * A model's coarse mask of the gear in its box: a 16 x 16 mask of a disk without teeth, blurred, a little off
	 * centre; and the box, normalised.
	 */
	private static MaskReframer coarseMask(float[] box) {
		int size = 16;
		float[] p = new float[size * size];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				double r = Math.hypot((x - 7.9) / 15.0 * 80, (y - 7.5) / 15.0 * 80);
				p[y * size + x] = (float) (1 / (1 + Math.exp((r - 32) / 2)));
			}
		return new MaskReframer(new BoxMasks(1, size, p), box, H, W);
	}

	private static double iou(BoxProbabilities masks, boolean[] truth) {
		long both = 0, either = 0;
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				boolean m = masks.probability(0, x, y) > 0.5f, t = truth[y * W + x];
				if (m && t) both++;
				if (m || t) either++;
			}
		return (double) both / either;
	}

	@Test
	void snappingPutsACoarseMasksEdgesOnTheImagesEdges() {
		boolean[] truth = gear();
		float[] box = { 10f / H, 20f / W, 90f / H, 100f / W };
		MaskReframer coarse = coarseMask(box);
		double before = iou(coarse, truth);
		BoxProbabilities snapped = EdgeSnappedMasks.snap(coarse, image(truth), 0.1);
		double after = iou(snapped, truth);
		assertTrue(before < 0.8, "the coarse mask misses the teeth: " + before);
		assertTrue(after > 0.93, "snapped towards the gear's edges: " + after + " (before " + before + ")");
	}

	@Test
	void anEdgeWithinTheWindowIsMetExactly() {
		// a bright square (x 40-79, y 30-69) whose coarse mask is blurred and 2 pixels too far left and up
		boolean[] truth = new boolean[W * H];
		for (int y = 30; y < 70; y++)
			for (int x = 40; x < 80; x++) truth[y * W + x] = true;
		int size = 16;
		float[] p = new float[size * size];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				double px = 20 + x / 15.0 * 80, py = 10 + y / 15.0 * 80; // the mask cell's pixel in the 80 px box
				double d = Math.max(Math.abs(px + 2 - 60), Math.abs(py + 2 - 50)) - 20;
				p[y * size + x] = (float) (1 / (1 + Math.exp(d / 2)));
			}
		MaskReframer coarse = new MaskReframer(new BoxMasks(1, size, p), new float[] { 10f / H, 20f / W, 90f / H, 100f / W },
			H, W);
		assertTrue(iou(coarse, truth) < 0.9, "off by 2 pixels: " + iou(coarse, truth));
		BoxProbabilities snapped = EdgeSnappedMasks.snap(coarse, image(truth), 0.1);
		// away from the corners (which a window rounds a little) every pixel is right
		for (int i = 0; i < 20; i++)
			for (int j = 0; j < 80; j++) {
				int row = 40 + i, column = 50 + i; // the middle rows and columns of the square
				assertEquals(truth[row * W + 20 + j], snapped.probability(0, 20 + j, row) > 0.5f, "row " + row + ", x " + (20 + j));
				assertEquals(truth[(10 + j) * W + column], snapped.probability(0, column, 10 + j) > 0.5f,
					"column " + column + ", y " + (10 + j));
			}
		assertTrue(iou(snapped, truth) > 0.97, "on the square's edges: " + iou(snapped, truth));
	}

	@Test
	void snappedMasksAreProbabilitiesInTheBoxAndEveryReadingAgrees() {
		boolean[] truth = gear();
		MaskReframer coarse = coarseMask(new float[] { 10f / H, 20f / W, 90f / H, 100f / W });
		BoxProbabilities snapped = EdgeSnappedMasks.snap(coarse, image(truth), 0.1);
		int[] region = snapped.region(0);
		assertEquals(java.util.Arrays.toString(coarse.region(0)), java.util.Arrays.toString(region), "same region");
		int[] part = { region[0] + 5, region[1] + 7, region[2] - 3, region[3] - 11 };
		int w = part[2] - part[0];
		float[] read = new float[w * (part[3] - part[1])];
		snapped.reframe(0, part, read);
		for (int y = part[1]; y < part[3]; y++)
			for (int x = part[0]; x < part[2]; x++) {
				float p = snapped.probability(0, x, y);
				assertEquals(p, read[(y - part[1]) * w + x - part[0]], "pixel " + x + "," + y);
				assertTrue(p >= 0 && p <= 1, "a probability: " + p);
			}
		assertEquals(0f, snapped.probability(0, 5, 5), "outside the box");
	}

	@Test
	void aFlatMaskStaysFlatAndRadiusZeroLeavesTheMasksAlone() {
		MaskReframer constant = new MaskReframer(new BoxMasks(1, 4, filled(16, 0.8f)), new float[] { 0.1f, 0.1f, 0.9f,
			0.9f }, H, W);
		BoxProbabilities snapped = EdgeSnappedMasks.snap(constant, image(gear()), 0.1);
		int[] r = snapped.region(0);
		for (int y = r[1]; y < r[3]; y++)
			for (int x = r[0]; x < r[2]; x++)
				assertEquals(0.8f, snapped.probability(0, x, y), 1e-4f, "a constant has no edge to move");
		assertSame(constant, EdgeSnappedMasks.snap(constant, image(gear()), 0));
	}

	@Test
	void snappingFollowsTheChoiceAndTheModel() {
		assertEquals(0.1, EdgeSnap.AUTO.radius(0.1));
		assertEquals(0, EdgeSnap.AUTO.radius(0));
		assertEquals(0.1, EdgeSnap.ON.radius(0.1));
		assertEquals(EdgeSnappedMasks.DEFAULT_RADIUS, EdgeSnap.ON.radius(0));
		assertEquals(0, EdgeSnap.OFF.radius(0.1));
		assertEquals(EdgeSnap.OFF, EdgeSnap.parse("Off"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EdgeSnap.parse("maybe"));
		assertEquals("Snap edges 'maybe' is not one of: auto, on, off", e.getMessage());
	}

	private static float[] filled(int n, float value) {
		float[] p = new float[n];
		java.util.Arrays.fill(p, value);
		return p;
	}
}
