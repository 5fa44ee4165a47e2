package sc.fiji.deepmac.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.Test;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.live.FeatureCache;
import sc.fiji.deepmac.live.LiveSession;
import sc.fiji.deepmac.mask.MaskReframer;
import sc.fiji.deepmac.mask.Overlap;
import sc.fiji.deepmac.testing.StubMaskModel;

/** A gland box around cells and a nucleus (issue 13, item 3): every box keeps its own mask, ROI and table row. */
class NestedBoxesTest {

	private static final int W = 100, H = 80;
	private static final List<Box> BOXES = List.of(Box.of("gland", 5, 5, 90, 70), Box.of("cell-1", 20, 20, 20, 20),
		Box.of("cell-2", 55, 30, 25, 25), Box.of("nucleus-1", 25, 25, 10, 10));

	/**
	 * A model whose mask is the ellipse inscribed in each box, more probable the larger the box (so by probability the
	 * gland covers what lies inside it).
	 */
	private static final class EllipseModel extends StubMaskModel {
		@Override
		protected void mask(float[] box, float[] out) {
			float width = box[3] - box[1];
			float inside = width > 0.5f ? 0.95f : width > 0.15f ? 0.8f : 0.7f;
			for (int y = 0; y < SIZE; y++)
				for (int x = 0; x < SIZE; x++) {
					double dx = (x + 0.5) / SIZE - 0.5, dy = (y + 0.5) / SIZE - 0.5;
					out[y * SIZE + x] = dx * dx + dy * dy < 0.2 ? inside : 0.05f;
				}
		}
	}

	private record Run(SegmentationResult result, List<String> warnings, EllipseModel model) {}

	private static Run run(Overlap overlap) {
		EllipseModel model = new EllipseModel();
		List<String> warnings = new ArrayList<>();
		SegmentationResult result = new DeepMacSegmenter(model, SegmentationOptions.defaults().withOverlap(overlap))
			.segment(new ImagePlus("gland", new ByteProcessor(W, H)), BOXES, new ProgressListener() {
				@Override
				public void warn(String message) {
					warnings.add(message);
				}
			});
		return new Run(result, warnings, model);
	}

	@Test
	void everyBoxKeepsItsOwnMaskWhateverTheRule() {
		for (Overlap overlap : Overlap.values()) {
			Run run = run(overlap);
			// each box's mask thresholded on its own, from what the model returned
			MaskReframer reframer = new MaskReframer(run.model.masks, run.model.boxes, H, W);
			List<Instance> instances = run.result.instances();
			assertEquals(BOXES.size(), instances.size());
			for (int k = 0; k < BOXES.size(); k++) {
				long own = 0;
				for (int y = 0; y < H; y++)
					for (int x = 0; x < W; x++)
						if (reframer.probability(k, x, y) > 0.5f) own++;
				Instance i = instances.get(k);
				assertTrue(own > 50, "a real mask");
				assertEquals(own, i.area(), overlap + ": area of " + i.box().name());
				assertNotNull(i.roi(), overlap + ": ROI of " + i.box().name());
				assertEquals(BOXES.get(k).name(), i.roi().getName());
				assertEquals(own, pixels(i.roi()), overlap + ": ROI of " + i.box().name());
				assertTrue(i.meanProbability() > 0.6, overlap + ": mean probability " + i.meanProbability());
			}
		}
	}

	@Test
	void theLabelImageFollowsTheRule() {
		int nucleus = 30 * W + 30, cellOnly = 30 * W + 36, cell2 = 42 * W + 67, glandOnly = 65 * W + 50;
		ImageProcessor probability = run(Overlap.PROBABILITY).result.labels().getProcessor();
		ImageProcessor smaller = run(Overlap.SMALLER_ON_TOP).result.labels().getProcessor();
		ImageProcessor larger = run(Overlap.LARGER_ON_TOP).result.labels().getProcessor();
		for (int pixel : new int[] { nucleus, cellOnly, cell2, glandOnly }) {
			assertEquals(1, probability.get(pixel), "the gland is the most probable");
			assertEquals(1, larger.get(pixel), "the gland is the largest");
		}
		assertEquals(4, smaller.get(nucleus));
		assertEquals(2, smaller.get(cellOnly));
		assertEquals(3, smaller.get(cell2));
		assertEquals(1, smaller.get(glandOnly));
	}

	@Test
	void liveModeKeepsNestedBoxesByTheSameRuleAsBatch() {
		for (Overlap overlap : Overlap.values()) {
			ImageProcessor batch = run(overlap).result.labels().getProcessor();
			ImagePlus image = new ImagePlus("gland", new ByteProcessor(W, H));
			try (FeatureCache cache = new FeatureCache(1L << 20); LiveSession live = new LiveSession(image, new EllipseModel(),
				SegmentationOptions.defaults().withOverlap(overlap), cache, ProgressListener.NONE))
			{
				for (Box box : BOXES) live.keep(live.mask(box, 1, 1));
				ImageProcessor kept = live.labels().getProcessor();
				for (int i = 0; i < W * H; i++)
					assertEquals(batch.get(i), kept.get(i), overlap + ": pixel " + i % W + "," + i / W);
			}
		}
	}

	@Test
	void oneWarningNamesExactlyTheHiddenBoxesAndTheTableNotesThem() {
		for (Overlap overlap : List.of(Overlap.PROBABILITY, Overlap.LARGER_ON_TOP)) {
			Run run = run(overlap);
			assertEquals(1, run.warnings.size(), run.warnings.toString());
			assertEquals(run.warnings, run.result.warnings());
			String warning = run.warnings.get(0);
			assertTrue(warning.startsWith("3 masks are hidden in the label image"), warning);
			assertTrue(warning.contains(": cell-1, cell-2, nucleus-1;"), warning);
			assertTrue(!warning.contains("gland") && !warning.contains("\n"), warning);
			assertTrue(warning.contains("--overlap \"smaller on top\"") && warning.contains("Overlap in labels"), warning);
			InstanceTable table = new InstanceTable(run.result.instances(), new ij.measure.Calibration());
			int inLabels = table.header().indexOf("in_labels"), note = table.header().indexOf("note");
			assertEquals(List.of("hidden", "hidden", "hidden"), table.rows().subList(1, 4).stream().map(r -> r.get(note)).toList());
			assertEquals("", table.rows().get(0).get(note));
			assertEquals(0L, table.rows().get(1).get(inLabels));
			assertEquals(run.result.instances().get(0).area(), table.rows().get(0).get(inLabels), "the gland shows whole");
			assertEquals("hidden", table.toResultsTable().getStringValue("note", 2));
		}
		Run smaller = run(Overlap.SMALLER_ON_TOP);
		assertEquals(List.of(), smaller.warnings, "every box shows at least half its mask");
		List<Instance> instances = smaller.result.instances();
		assertTrue(instances.get(1).inLabels() < instances.get(1).area(), "the nucleus covers part of cell-1");
		assertTrue(instances.get(0).inLabels() < instances.get(0).area(), "the cells cover part of the gland");
	}

	@Test
	void emptyAndMostlyHiddenMasksAreWordedApart() {
		Box box = Box.of("b", 0, 0, 10, 10);
		List<Instance> instances = List.of(new Instance(1, box, 1, 1, 100, 100, 0.9, null, 30),
			new Instance(2, Box.of("c", 0, 0, 4, 4), 1, 1, 0, 0, 0, null, 0), new Instance(3, box, 1, 1, 10, 10, 0.8, null));
		assertEquals("mostly hidden", instances.get(0).note());
		assertEquals("empty", instances.get(1).note());
		assertEquals("", instances.get(2).note());
		String warning = LostMasks.warning(instances, SegmentationOptions.defaults().withOverlap(Overlap.SMALLER_ON_TOP),
			false).orElseThrow();
		assertTrue(warning.startsWith("1 mask is hidden in the label image") && warning.contains(": b (30% shown);"),
			warning);
		assertTrue(warning.contains("--overlap \"larger on top\""), warning);
		assertTrue(warning.contains("1 mask is empty, no pixel above the threshold 0.5: c;"), warning);
	}

	/** Pixels inside a ROI. */
	private static long pixels(ij.gui.Roi roi) {
		java.awt.Rectangle b = roi.getBounds();
		ImageProcessor mask = roi.getMask();
		if (mask == null) return (long) b.width * b.height;
		long n = 0;
		for (int i = 0; i < mask.getPixelCount(); i++)
			if (mask.get(i) != 0) n++;
		return n;
	}
}
