package sc.fiji.deepmac.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SyntheticScenesTest {

	private static final int SIZE = 160;

	private static int index(String name) {
		return Arrays.asList(SyntheticScenes.NAMES).indexOf(name);
	}

	@Test
	void figureAndCompositeAreSeenAndTheUnseenStayUnseen() {
		assertEquals(14, SyntheticScenes.SEEN);
		assertTrue(SyntheticScenes.isSeen(index("figure")) && SyntheticScenes.isSeen(index("composite")));
		assertEquals(14, SyntheticScenes.classes(true).length);
		assertEquals(6, SyntheticScenes.classes(false).length);
		for (int c : SyntheticScenes.classes(false)) assertTrue(index("gear") <= c);
		boolean[] masked = SyntheticScenes.maskedClasses(false);
		for (long seed = 0; seed < 20; seed++) {
			Scene s = SyntheticScenes.render(new Random(seed), 96, SyntheticScenes.classes(null), masked, 16, 48);
			for (int l = 1; l < s.labelCount(); l++) assertEquals(SyntheticScenes.isSeen(s.classOf()[l]), s.masked()[l]);
		}
	}

	@Test
	void figuresAreTallConnectedAndMulticoloured() {
		int checked = 0, multicoloured = 0, whole = 0;
		for (long seed = 0; seed < 30; seed++) {
			Scene s = SyntheticScenes.render(new Random(seed), SIZE, new int[] { index("figure") },
				SyntheticScenes.maskedClasses(true), 60, 110);
			int l = largestInside(s);
			if (l == 0) continue;
			checked++;
			int[] b = LabelImages.bounds(s.labels(), SIZE, l)[l];
			double aspect = (b[3] - b[1] + 1.0) / (b[2] - b[0] + 1);
			assertTrue(aspect > 1.6, "seed " + seed + ": figure box aspect " + aspect);
			if (largestComponentFraction(s, l) > 0.9) whole++; // unless another figure in front cuts it
			if (headDiffersFromTorso(s, l, b)) multicoloured++;
		}
		assertTrue(checked >= 10, "figures away from the border: " + checked);
		assertTrue(whole >= checked * 0.8, whole + " of " + checked + " figures in one piece");
		assertTrue(multicoloured >= checked * 0.7, multicoloured + " of " + checked + " figures with head and torso apart");
	}

	@Test
	void compositesHaveSeveralFills() {
		int checked = 0, multicoloured = 0;
		for (long seed = 0; seed < 30; seed++) {
			Scene s = SyntheticScenes.render(new Random(seed), SIZE, new int[] { index("composite") },
				SyntheticScenes.maskedClasses(true), 60, 110);
			int l = largestInside(s);
			if (l == 0) continue;
			checked++;
			if (fills(s, l) > 1) multicoloured++;
		}
		assertTrue(checked >= 10, "composites away from the border: " + checked);
		assertTrue(multicoloured >= checked * 0.8, multicoloured + " of " + checked + " composites with several fills");
	}

	@Test
	void partsOfFiguresAndCompositesTakeSeveralFills() {
		Random r = new Random(1);
		for (int k = 0; k < 20; k++) {
			long figureFills = SyntheticScenes.parts(index("figure"), r).stream().mapToInt(SyntheticScenes.Part::fill).distinct().count();
			assertTrue(figureFills >= 4, "skin, upper and lower clothes, shoes");
			var composite = SyntheticScenes.parts(index("composite"), r);
			assertTrue(composite.size() >= 2 && composite.size() <= 4);
			assertEquals(composite.size(), composite.stream().mapToInt(SyntheticScenes.Part::fill).distinct().count());
		}
	}

	@Test
	void cleanScenesOfTheNewClassesAreSingleFill() {
		int[] classes = { index("figure"), index("composite") };
		for (long seed = 0; seed < 10; seed++) {
			Scene s = SyntheticScenes.renderClean(new Random(seed), SIZE, classes, 40, 80);
			for (int l = 1; l < s.labelCount(); l++) {
				double sum = 0, sum2 = 0;
				int n = 0;
				for (int i = 0; i < s.labels().length; i++)
					if (s.labels()[i] == l) {
						sum += s.rgb()[3 * i];
						sum2 += s.rgb()[3 * i] * s.rgb()[3 * i];
						n++;
					}
				double sd = Math.sqrt(sum2 / n - sum * sum / n / n);
				assertTrue(sd < 10, "seed " + seed + " label " + l + ": one flat fill, sd " + sd);
			}
		}
	}

	/** Whether the head (top tenth of the box) and the torso (a third of the way down) differ in mean colour. */
	private static boolean headDiffersFromTorso(Scene s, int label, int[] box) {
		int h = box[3] - box[1] + 1;
		double[] head = meanColour(s, label, box[1], box[1] + h / 10), torso = meanColour(s, label, box[1] + h * 3 / 10, box[1] + h * 4 / 10);
		return Math.abs(head[0] - torso[0]) + Math.abs(head[1] - torso[1]) + Math.abs(head[2] - torso[2]) > 30;
	}

	private static double[] meanColour(Scene s, int label, int y0, int y1) {
		double[] m = new double[3];
		int n = 0;
		for (int y = y0; y <= y1; y++)
			for (int x = 0; x < SIZE; x++)
				if (s.labels()[y * SIZE + x] == label) {
					n++;
					for (int c = 0; c < 3; c++) m[c] += s.rgb()[3 * (y * SIZE + x) + c];
				}
		for (int c = 0; c < 3; c++) m[c] /= Math.max(1, n);
		return m;
	}

	/** The label with the most pixels whose box does not touch the border, or 0. */
	private static int largestInside(Scene s) {
		int max = LabelImages.max(s.labels());
		int[][] bounds = LabelImages.bounds(s.labels(), SIZE, max);
		int[] area = new int[max + 1];
		for (int v : s.labels()) area[v]++;
		int best = 0;
		for (int l = 1; l <= max; l++) {
			int[] b = bounds[l];
			if (b == null || b[0] == 0 || b[1] == 0 || b[2] == SIZE - 1 || b[3] == SIZE - 1) continue;
			if (best == 0 || area[l] > area[best]) best = l;
		}
		return best;
	}

	/** The share of a label's pixels in its largest 8-connected piece. */
	private static double largestComponentFraction(Scene s, int label) {
		int[] seen = new int[SIZE * SIZE];
		int total = 0, largest = 0;
		for (int start = 0; start < seen.length; start++) {
			if (s.labels()[start] != label || seen[start] != 0) continue;
			int count = 0;
			int[] stack = new int[SIZE * SIZE];
			int top = 0;
			stack[top++] = start;
			seen[start] = 1;
			while (top > 0) {
				int p = stack[--top];
				count++;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						int x = p % SIZE + dx, y = p / SIZE + dy;
						if (x < 0 || y < 0 || x >= SIZE || y >= SIZE) continue;
						int q = y * SIZE + x;
						if (s.labels()[q] == label && seen[q] == 0) {
							seen[q] = 1;
							stack[top++] = q;
						}
					}
			}
			total += count;
			largest = Math.max(largest, count);
		}
		return (double) largest / total;
	}

	/** Colours (quantised coarsely) that cover at least 8 % of a label's pixels: roughly its distinct fills. */
	private static int fills(Scene s, int label) {
		Map<Integer, Integer> counts = new HashMap<>();
		int total = 0;
		for (int i = 0; i < s.labels().length; i++) {
			if (s.labels()[i] != label) continue;
			total++;
			int key = 0;
			for (int c = 0; c < 3; c++) key = key * 64 + (int) (s.rgb()[3 * i + c] / 48);
			counts.merge(key, 1, Integer::sum);
		}
		int min = total * 8 / 100;
		return (int) counts.values().stream().filter(v -> v >= Math.max(1, min)).count();
	}

	@Test
	void polygonalShapesHaveNoCurvesAndKeepTheirArea() {
		java.awt.Shape disk = new java.awt.geom.Ellipse2D.Double(0, 0, 100, 100);
		java.awt.Shape flat = SyntheticScenes.polygonal(disk, 0.2);
		for (java.awt.geom.PathIterator it = flat.getPathIterator(null); !it.isDone(); it.next()) {
			int segment = it.currentSegment(new double[6]);
			assertTrue(segment != java.awt.geom.PathIterator.SEG_CUBICTO && segment != java.awt.geom.PathIterator.SEG_QUADTO);
		}
		java.awt.Rectangle b = flat.getBounds();
		int inside = 0;
		for (int y = b.y; y < b.y + b.height; y++)
			for (int x = b.x; x < b.x + b.width; x++) if (flat.contains(x + 0.5, y + 0.5)) inside++;
		assertEquals(Math.PI * 50 * 50, inside, 0.01 * Math.PI * 50 * 50);
	}
}
