package sc.fiji.deepmac.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.deepmac.model.BoxMasks;

class PlaneLabelerTest {

	/** Box masks of constant probability. */
	private static MaskReframer constant(float[] boxes, float... values) {
		int size = 4;
		float[] p = new float[values.length * size * size];
		for (int k = 0; k < values.length; k++) Arrays.fill(p, k * size * size, (k + 1) * size * size, values[k]);
		return new MaskReframer(new BoxMasks(values.length, size, p), boxes, 11, 11);
	}

	@Test
	void overlapGoesToTheHigherProbabilityWhateverTheOrder() {
		// box A covers columns 0..5, box B columns 4..10: pixels in columns 4 and 5 are claimed by both
		float[] a = { 0, 0, 1, 0.5f }, b = { 0, 0.4f, 1, 1 };
		for (boolean aFirst : new boolean[] { true, false }) {
			PlaneLabeler labeler = new PlaneLabeler(11, 11, 2, 0.5f);
			if (aFirst) {
				labeler.paint(constant(a, 0.7f), new int[] { 1 });
				labeler.paint(constant(b, 0.9f), new int[] { 2 });
			}
			else {
				labeler.paint(constant(b, 0.9f), new int[] { 2 });
				labeler.paint(constant(a, 0.7f), new int[] { 1 });
			}
			LabelPlane plane = labeler.plane();
			assertEquals(1, plane.get(3), "only A");
			assertEquals(2, plane.get(4), "overlap, B more probable");
			assertEquals(2, plane.get(5), "overlap, B more probable");
			List<PlaneLabeler.Instance> instances = labeler.instances();
			PlaneLabeler.Instance instanceA = instances.stream().filter(i -> i.label() == 1).findFirst().orElseThrow();
			assertEquals(4 * 11, instanceA.area());
			assertEquals(0.7, instanceA.meanProbability(), 1e-6);
		}
	}

	@Test
	void aLargeBatchPaintedInBandsEqualsTheRuleAppliedPixelByPixel() {
		int n = 40, size = 32, side = 300;
		java.util.Random random = new java.util.Random(3);
		float[] p = new float[n * size * size];
		for (int i = 0; i < p.length; i++) p[i] = random.nextFloat();
		float[] boxes = new float[4 * n];
		int[] labels = new int[n];
		for (int k = 0; k < n; k++) {
			float y = random.nextFloat() * 0.7f, x = random.nextFloat() * 0.7f;
			boxes[4 * k] = y;
			boxes[4 * k + 1] = x;
			boxes[4 * k + 2] = y + 0.2f + random.nextFloat() * 0.3f;
			boxes[4 * k + 3] = x + 0.2f + random.nextFloat() * 0.3f;
			labels[k] = n - k; // labels in reverse order of the boxes
		}
		MaskReframer reframer = new MaskReframer(new BoxMasks(n, size, p), boxes, side, side);
		PlaneLabeler labeler = new PlaneLabeler(side, side, n, 0.5f);
		labeler.paint(reframer, labels);
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++) {
				int expected = 0;
				float best = 0.5f;
				for (int k = 0; k < n; k++) {
					float q = reframer.probability(k, x, y);
					if (q > best || (q == best && expected != 0 && labels[k] < expected)) {
						best = q;
						expected = labels[k];
					}
				}
				assertEquals(expected, labeler.plane().get(y * side + x), "pixel " + x + "," + y);
			}
		// every outline holds exactly its label's pixels, whether traced by the Wand or ThresholdToSelection
		for (PlaneLabeler.Instance instance : labeler.instances()) {
			if (instance.roi() == null) continue;
			java.awt.Rectangle b = instance.roi().getBounds();
			ij.process.ImageProcessor inside = instance.roi().getMask();
			long covered = 0;
			double sum = 0;
			for (int y = 0; y < b.height; y++)
				for (int x = 0; x < b.width; x++) {
					boolean in = inside == null || inside.get(x, y) != 0;
					if (!in) continue;
					covered++;
					sum += reframer.probability(n - instance.label(), b.x + x, b.y + y);
					assertEquals(instance.label(), labeler.plane().get((b.y + y) * side + b.x + x), "outline of " + instance.label());
				}
			assertEquals(instance.area(), covered, "outline of " + instance.label());
			assertEquals(sum / covered, instance.meanProbability(), 1e-9, "mean probability of " + instance.label());
		}
	}

	@Test
	void tiesGoToTheLowerLabel() {
		float[] both = { 0, 0, 1, 1, 0, 0, 1, 1 };
		PlaneLabeler labeler = new PlaneLabeler(11, 11, 9, 0.5f);
		labeler.paint(constant(both, 0.8f, 0.8f), new int[] { 9, 4 });
		assertEquals(4, labeler.plane().get(60));
	}

	@Test
	void thresholdIsStrictAndEmptyMasksHaveNoRoi() {
		PlaneLabeler labeler = new PlaneLabeler(11, 11, 2, 0.5f);
		labeler.paint(constant(new float[] { 0, 0, 1, 1, 0, 0, 1, 1 }, 0.5f, 0.51f), new int[] { 1, 2 });
		List<PlaneLabeler.Instance> instances = labeler.instances();
		assertEquals(0, instances.get(0).area(), "0.5 is not above 0.5");
		assertNull(instances.get(0).roi());
		assertEquals(121, instances.get(1).area());
	}

	@Test
	void switchesTo32BitPastTheLast16BitLabel() {
		PlaneLabeler labeler = new PlaneLabeler(11, 11, 70000, 0.5f);
		labeler.paint(constant(new float[] { 0, 0, 1, 1 }, 0.9f), new int[] { 69999 });
		assertEquals(69999, labeler.plane().get(0));
		assertEquals(32, labeler.plane().processor().getBitDepth());
		assertEquals(16, new PlaneLabeler(11, 11, 65535, 0.5f).plane().processor().getBitDepth());
	}
}
