package sc.fiji.deepmac.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.SavedModelMaskModel;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.Instance;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationOptions;
import sc.fiji.deepmac.testing.TestImages;
import sc.fiji.deepmac.testing.TestModels;

/** Live masks against the batch pipeline's, with the shipped two-stage model and a one-stage test model. */
class LiveSessionTest {

	static final Path SHIPPED = Path.of("..", "models", "deepmac-nuclei-objects-v2");
	static final Path NUCLEI = Path.of("..", "models", "samples", "nuclei.png");

	@TempDir
	static Path tmp;
	static SavedModelMaskModel shipped, oneStage;

	@BeforeAll
	static void load() {
		shipped = SavedModelMaskModel.load(SHIPPED, ComputeDevice.CPU);
		oneStage = SavedModelMaskModel.load(TestModels.intensityModel(tmp.resolve("intensity"), 32), ComputeDevice.CPU);
	}

	@AfterAll
	static void close() {
		shipped.close();
		oneStage.close();
	}

	private static LiveSession session(ImagePlus image, MaskModel model, FeatureCache cache) {
		return new LiveSession(image, model, SegmentationOptions.defaults(), cache, ProgressListener.NONE);
	}

	/** The batch pipeline's label-1 pixels for one box on plane (slice, frame) of the image. */
	private static ImageProcessor batch(MaskModel model, ImagePlus image, Box box, int slice, int frame) {
		ImagePlus labels = new DeepMacSegmenter(model, SegmentationOptions.defaults())
			.segment(image, List.of(box), ProgressListener.NONE).labels();
		return labels.getStack().getProcessor((frame - 1) * image.getNSlices() + slice);
	}

	private static ByteProcessor filled(Roi roi, int width, int height) {
		ByteProcessor ip = new ByteProcessor(width, height);
		if (roi != null) {
			ip.setValue(255);
			ip.fill(roi);
		}
		return ip;
	}

	@Test
	void twoStageMasksEqualTheBatchPipelinesForRandomBoxes() {
		ImagePlus image = IJ.openImage(NUCLEI.toString());
		int w = image.getWidth(), h = image.getHeight();
		Random random = new Random(10);
		try (FeatureCache cache = new FeatureCache(64L << 20); LiveSession live = session(image, shipped, cache)) {
			int fromFeatures = 0, identical = 0;
			for (int i = 0; i < 24; i++) {
				int bw = 12 + random.nextInt(140), bh = 12 + random.nextInt(140);
				Box box = Box.of("b" + i, random.nextInt(w - bw), random.nextInt(h - bh), bw, bh);
				LiveSession.Mask mask = live.mask(box, 1, 1);
				// the planner's rule at input size 512 and min box size 64 on a 400-pixel plane: 50 pixels
				assertEquals(Math.max(bw, bh) * 512.0 / w >= 64, mask.fromFeatures(), "box " + box);
				if (mask.fromFeatures()) fromFeatures++;
				double iou = TestImages.iou(batch(shipped, image, box, 1, 1), 1, filled(mask.outline(), w, h));
				assertTrue(iou >= 0.99, "box " + box + ": IoU " + iou);
				if (iou == 1) identical++;
			}
			assertTrue(fromFeatures >= 10 && fromFeatures < 24, fromFeatures + " of 24 from features");
			assertEquals(24, identical, "masks identical to the batch pipeline's");
			assertEquals(Boolean.TRUE, live.twoStage());
			assertEquals(1, cache.size());
			assertTrue(cache.bytes() > 0);
		}
	}

	@Test
	void oneStageModelsGetOneFullCallPerBox() {
		ImagePlus image = new ImagePlus("disks", TestImages.disks(120, 90, 40, 30, 15, 90, 60, 20));
		try (FeatureCache cache = new FeatureCache(1 << 20); LiveSession live = session(image, oneStage, cache)) {
			Box box = Box.of("a", 66, 36, 48, 48);
			LiveSession.Mask mask = live.mask(box, 1, 1);
			assertFalse(mask.fromFeatures());
			assertEquals(Boolean.FALSE, live.twoStage());
			assertTrue(live.ready(1, 1));
			assertEquals(0, cache.size());
			assertEquals(1.0, TestImages.iou(batch(oneStage, image, box, 1, 1), 1, filled(mask.outline(), 120, 90)));
			assertTrue(TestImages.iou(filled(mask.outline(), 120, 90), 255, TestImages.disks(120, 90, 90, 60, 20)) > 0.95);
		}
	}

	@Test
	void keptMasksFormTheBatchLabelImageAndUndoTakesThemBack() {
		ImagePlus image = IJ.openImage(NUCLEI.toString());
		List<Box> boxes = List.of(Box.of("a", 20, 140, 90, 80), Box.of("b", 70, 150, 80, 90), Box.of("c", 200, 40, 120, 100));
		try (FeatureCache cache = new FeatureCache(64L << 20); LiveSession live = session(image, shipped, cache)) {
			List<Instance> instances = new ArrayList<>();
			for (Box box : boxes) instances.add(live.keep(live.mask(box, 1, 1)));
			ImagePlus batch = new DeepMacSegmenter(shipped, SegmentationOptions.defaults())
				.segment(image, boxes, ProgressListener.NONE).labels();
			assertEquals(java.util.Arrays.toString((short[]) batch.getProcessor().getPixels()),
				java.util.Arrays.toString((short[]) live.labels().getProcessor().getPixels()), "label image as in batch");
			assertEquals("b", instances.get(1).roi().getName());
			assertEquals(2, instances.get(1).label());
			assertEquals(3, live.keptCount());
			assertEquals("c", live.undo().box().name());
			assertEquals(2, live.keptCount());
			for (short v : (short[]) live.labels().getProcessor().getPixels()) assertTrue(v == 0 || v == 1 || v == 2);
			live.undo();
			live.undo();
			assertNull(live.undo());
			assertEquals(0, live.labels().getProcessor().getStatistics().max);
		}
	}

	@Test
	void planesOfAStackHaveFeaturesOfTheirOwnAndTheCacheStaysInItsBudget() throws Exception {
		ImagePlus nuclei = IJ.openImage(NUCLEI.toString());
		ImageStack stack = new ImageStack(nuclei.getWidth(), nuclei.getHeight());
		for (int z = 0; z < 3; z++) {
			ImageProcessor ip = nuclei.getProcessor().convertToShort(false);
			ip.multiply(40 + 100 * z);
			if (z == 1) ip.flipHorizontal();
			stack.addSlice(ip);
		}
		ImagePlus image = new ImagePlus("stack", stack);
		Box box = new Box("a", 200, 40, 120, 100, 0, 2, 1);
		long onePlane;
		try (FeatureCache probe = new FeatureCache(1L << 30); LiveSession live = session(image, shipped, probe)) {
			live.prepare(1, 1).get(2, TimeUnit.MINUTES);
			onePlane = probe.bytes();
		}
		try (FeatureCache cache = new FeatureCache(2 * onePlane); LiveSession live = session(image, shipped, cache)) {
			for (int z = 1; z <= 3; z++) live.prepare(z, 1).get(2, TimeUnit.MINUTES);
			assertEquals(2, cache.size(), "the least recently used plane left the cache");
			assertFalse(live.ready(1, 1));
			assertTrue(live.ready(3, 1));
			LiveSession.Mask mask = live.mask(box, 2, 1);
			assertTrue(mask.fromFeatures());
			assertEquals(1.0, TestImages.iou(batch(shipped, image, box, 2, 1), 1, filled(mask.outline(), 400, 320)));
			Instance kept = live.keep(mask);
			assertEquals(2, kept.roi().getPosition());
			assertEquals(0, live.labels().getStack().getProcessor(1).getStatistics().max);
			assertEquals(1, live.labels().getStack().getProcessor(2).getStatistics().max);
		}
	}

	@Test
	void closingWhileFeaturesAreComputedLeavesNothingBehind() throws Exception {
		ImagePlus image = IJ.openImage(NUCLEI.toString());
		FeatureCache cache = new FeatureCache(64L << 20);
		LiveSession live = session(image, shipped, cache);
		assertNotNull(live.prepare(1, 1));
		live.close();
		for (int i = 0; i < 600 && !live.terminated(); i++) Thread.sleep(100);
		assertTrue(live.terminated());
		assertEquals(0, cache.size());
		assertEquals(0, cache.bytes());
	}
}
