package sc.fiji.deepmac.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
			assertEquals(6 * 11, instanceA.area(), "its own mask, overlap included");
			assertEquals(4 * 11, instanceA.inLabels(), "what it kept in the label image");
			assertEquals(0.7, instanceA.meanProbability(), 1e-6);
			assertEquals(6, instanceA.roi().getBounds().width, "the ROI is its own mask");
		}
	}

	@ParameterizedTest
	@EnumSource(Overlap.class)
	void aLargeBatchPaintedInBandsEqualsTheRuleAppliedPixelByPixel(Overlap overlap) {
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
		PlaneLabeler labeler = new PlaneLabeler(side, side, n, 0.5f, overlap);
		labeler.paint(reframer, labels);
		long[] own = new long[n + 1], inLabels = new long[n + 1];
		double[] sums = new double[n + 1];
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++) {
				int expected = 0;
				float best = 0;
				long bestArea = 0;
				for (int k = 0; k < n; k++) {
					float q = reframer.probability(k, x, y);
					if (!(q > 0.5f)) continue;
					own[labels[k]]++;
					sums[labels[k]] += q;
					int[] r = reframer.region(k);
					long area = (long) (r[2] - r[0]) * (r[3] - r[1]);
					int byArea = expected == 0 ? 1 : switch (overlap) {
						case PROBABILITY -> 0;
						case SMALLER_ON_TOP -> Long.compare(bestArea, area);
						case LARGER_ON_TOP -> Long.compare(area, bestArea);
					};
					if (byArea > 0 || byArea == 0 && (q > best || q == best && labels[k] < expected)) {
						best = q;
						bestArea = area;
						expected = labels[k];
					}
				}
				assertEquals(expected, labeler.plane().get(y * side + x), "pixel " + x + "," + y);
				inLabels[expected]++;
			}
		// every outline holds exactly its own mask's pixels, whether traced by the Wand or ThresholdToSelection
		int hidden = 0;
		for (PlaneLabeler.Instance instance : labeler.instances()) {
			int k = n - instance.label();
			assertEquals(own[instance.label()], instance.area(), "own mask of " + instance.label());
			assertEquals(inLabels[instance.label()], instance.inLabels(), "label pixels of " + instance.label());
			if (instance.inLabels() < instance.area()) hidden++;
			if (instance.roi() == null) {
				assertEquals(0, instance.area());
				continue;
			}
			java.awt.Rectangle b = instance.roi().getBounds();
			ij.process.ImageProcessor inside = instance.roi().getMask();
			long covered = 0;
			for (int y = 0; y < b.height; y++)
				for (int x = 0; x < b.width; x++) {
					boolean in = inside == null || inside.get(x, y) != 0;
					if (!in) continue;
					covered++;
					assertTrue(reframer.probability(k, b.x + x, b.y + y) > 0.5f, "outline of " + instance.label());
				}
			assertEquals(instance.area(), covered, "outline of " + instance.label());
			assertEquals(sums[instance.label()] / covered, instance.meanProbability(), 1e-9,
				"mean probability of " + instance.label());
		}
		assertTrue(hidden > 10, "the test overlaps masks: " + hidden);
	}

	/** A big box around two small ones: each rule's label image, and every box keeps its own mask. */
	@Test
	void nestedBoxesKeepTheirOwnMasksUnderEveryRule() {
		// the big box covers the plane at 0.9; the small ones, at 0.7, columns 1..3 and 6..8 of rows 2..7
		float[] boxes = { 0, 0, 1, 1, 2 / 11f, 1 / 11f, 8 / 11f, 4 / 11f, 2 / 11f, 6 / 11f, 8 / 11f, 9 / 11f };
		int inner = 6 * 3;
		int pixelOfFirst = 4 * 11 + 2, pixelOfSecond = 4 * 11 + 7;
		for (Overlap overlap : Overlap.values()) {
			PlaneLabeler labeler = new PlaneLabeler(11, 11, 3, 0.5f, overlap);
			labeler.paint(constant(boxes, 0.9f, 0.7f, 0.7f), new int[] { 1, 2, 3 });
			List<PlaneLabeler.Instance> instances = labeler.instances();
			assertEquals(121, instances.get(0).area(), overlap.label());
			for (int k = 1; k <= 2; k++) {
				assertEquals(inner, instances.get(k).area(), overlap + ": own mask of " + (k + 1));
				assertEquals(inner, instances.get(k).roi().getBounds().width * instances.get(k).roi().getBounds().height);
			}
			boolean smallShow = overlap == Overlap.SMALLER_ON_TOP;
			assertEquals(smallShow ? 2 : 1, labeler.plane().get(pixelOfFirst), overlap.label());
			assertEquals(smallShow ? 3 : 1, labeler.plane().get(pixelOfSecond), overlap.label());
			assertEquals(smallShow ? inner : 0, instances.get(1).inLabels(), overlap.label());
			assertEquals(smallShow ? 121 - 2 * inner : 121, instances.get(0).inLabels(), overlap.label());
		}
	}

	@Test
	void equalBoxAreasFallBackToProbability() {
		float[] twins = { 0, 0, 1, 1, 0, 0, 1, 1 };
		for (Overlap overlap : Overlap.values()) {
			PlaneLabeler labeler = new PlaneLabeler(11, 11, 2, 0.5f, overlap);
			labeler.paint(constant(twins, 0.6f, 0.8f), new int[] { 1, 2 });
			assertEquals(2, labeler.plane().get(60), overlap.label());
		}
	}

	@Test
	void overlapRulesParseTheirLabels() {
		assertEquals(Overlap.SMALLER_ON_TOP, Overlap.parse(" Smaller on top"));
		assertEquals(Overlap.LARGER_ON_TOP, Overlap.parse("larger-on-top"));
		assertEquals(Overlap.PROBABILITY, Overlap.parse("PROBABILITY"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Overlap.parse("biggest"));
		assertTrue(e.getMessage().contains("biggest") && e.getMessage().contains("smaller on top"), e.getMessage());
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
