package sc.fiji.deepmac.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import org.junit.jupiter.api.Test;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.mask.EdgeSnap;
import sc.fiji.deepmac.mask.MaskReframer;
import sc.fiji.deepmac.testing.StubMaskModel;
import sc.fiji.deepmac.testing.TestImages;

/** Whether the pipeline snaps masks to edges: as the model says unless the user says on or off. */
class EdgeSnappingTest {

	private static final int W = 100, H = 80;
	private static final Box BOX = Box.of("square", 20, 10, 60, 60);

	/** A bright square (x 30-69, y 20-59) in the box, and a model whose mask is a disk in the box (the square's corners missed). */
	private static final class DiskModel extends StubMaskModel {
		final double snapRadius;

		DiskModel(double snapRadius) {
			this.snapRadius = snapRadius;
		}

		@Override
		protected void mask(float[] box, float[] out) {
			for (int y = 0; y < SIZE; y++)
				for (int x = 0; x < SIZE; x++) {
					double dx = x / (SIZE - 1.0) - 0.5, dy = y / (SIZE - 1.0) - 0.5;
					out[y * SIZE + x] = Math.hypot(dx, dy) < 0.36 ? 0.9f : 0.1f;
				}
		}

		@Override
		public double edgeSnapRadius() {
			return snapRadius;
		}
	}

	private static ByteProcessor square() {
		ByteProcessor image = new ByteProcessor(W, H);
		image.setColor(40);
		image.fill();
		image.setColor(200);
		image.setRoi(30, 20, 40, 40);
		image.fill();
		image.resetRoi();
		return image;
	}

	private static double iou(DiskModel model, EdgeSnap snap) {
		SegmentationResult result = new DeepMacSegmenter(model, SegmentationOptions.defaults().withSnapEdges(snap))
			.segment(new ImagePlus("square", square()), List.of(BOX), ProgressListener.NONE);
		ByteProcessor truth = square();
		truth.threshold(100);
		return TestImages.iou(result.labels().getProcessor(), 1, truth);
	}

	/** The IoU of the model's own masks, thresholded as the official post-processing does. */
	private static double official(DiskModel model) {
		new DeepMacSegmenter(model, SegmentationOptions.defaults().withSnapEdges(EdgeSnap.OFF))
			.segment(new ImagePlus("square", square()), List.of(BOX), ProgressListener.NONE);
		MaskReframer reframer = new MaskReframer(model.masks, model.boxes, H, W);
		ByteProcessor truth = square();
		truth.threshold(100);
		ByteProcessor mask = new ByteProcessor(W, H);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				if (reframer.probability(0, x, y) > 0.5f) mask.set(x, y, 1);
		return TestImages.iou(mask, 1, truth);
	}

	@Test
	void autoSnapsAsTheModelSaysAndOnOrOffOverride() {
		DiskModel snapping = new DiskModel(0.1), plain = new DiskModel(0);
		double unsnapped = official(plain);
		assertTrue(unsnapped < 0.95, "the disk misses the square's corners: " + unsnapped);
		assertEquals(unsnapped, iou(plain, EdgeSnap.AUTO), 1e-12, "a model that names no window: the official masks");
		assertEquals(unsnapped, iou(snapping, EdgeSnap.OFF), 1e-12, "off: the official masks");
		double auto = iou(snapping, EdgeSnap.AUTO), on = iou(plain, EdgeSnap.ON);
		assertTrue(auto > unsnapped + 0.03, "auto snaps with the model's window: " + auto + " vs " + unsnapped);
		assertTrue(on > unsnapped + 0.02, "on snaps with the default window: " + on + " vs " + unsnapped);
		assertTrue(auto > on + 0.02, "the model's wider window reaches the corners better: " + auto + " vs " + on);
	}
}
