package sc.fiji.deepmac.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.BoxInputException;
import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.SavedModelMaskModel;
import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.testing.CountingModel;
import sc.fiji.deepmac.testing.TestModels;
import static sc.fiji.deepmac.testing.TestImages.disks;
import static sc.fiji.deepmac.testing.TestImages.iou;

class DeepMacSegmenterTest {

	@TempDir
	static Path tmp;
	static SavedModelMaskModel model;

	@BeforeAll
	static void loadModel() {
		model = SavedModelMaskModel.load(TestModels.intensityModel(tmp.resolve("intensity"), 32), ComputeDevice.CPU);
	}

	@AfterAll
	static void closeModel() {
		model.close();
	}

	private static SegmentationResult segment(ImagePlus image, List<Box> boxes) {
		return new DeepMacSegmenter(model, SegmentationOptions.defaults()).segment(image, boxes, ProgressListener.NONE);
	}

	@Test
	void aBoxAroundAShapeGivesThatShapeBack() {
		ByteProcessor ip = disks(120, 90, 40, 30, 15, 90, 60, 20);
		ImagePlus image = new ImagePlus("disks", ip.duplicate());
		SegmentationResult result = segment(image, List.of(Box.of("a", 20, 10, 40, 40), Box.of("b", 66, 36, 48, 48)));
		ImageProcessor labels = result.labels().getProcessor();
		assertEquals("disks_labels", result.labels().getTitle());
		assertEquals(16, result.labels().getBitDepth());
		assertTrue(iou(labels, 1, disks(120, 90, 40, 30, 15)) > 0.95, "disk a");
		assertTrue(iou(labels, 2, disks(120, 90, 90, 60, 20)) > 0.95, "disk b");
		assertEquals(2, result.instances().size());
		Instance a = result.instances().get(0);
		assertEquals("a", a.roi().getName());
		assertEquals(Math.PI * 15 * 15, a.area(), 0.05 * Math.PI * 15 * 15);
		assertTrue(a.meanProbability() > 0.9, "mean probability " + a.meanProbability());
		assertArrayEquals((byte[]) ip.getPixels(), (byte[]) image.getProcessor().getPixels(), "input unchanged");
	}

	@Test
	void labelsEqualTheOfficialPostProcessing() {
		ByteProcessor ip = disks(101, 77, 30, 30, 12, 70, 40, 18, 45, 50, 10);
		float[] boxes = { 14f / 77, 14f / 101, 46f / 77, 46f / 101, 19f / 77, 49f / 101, 61f / 77, 91f / 101,
			36f / 77, 33f / 101, 64f / 77, 58f / 101 };
		List<Box> boxList = List.of(Box.of("1", 14, 14, 32, 32), Box.of("2", 49, 19, 42, 42), Box.of("3", 33, 36, 25, 28));
		SegmentationResult result = segment(new ImagePlus("scene", ip), boxList);
		// the official way: the model's masks for the whole image, reframed by TensorFlow, > 0.5, max probability wins
		BoxMasks masks = model.predict(new sc.fiji.deepmac.image.PlaneConverter(
			sc.fiji.deepmac.image.PercentileNormalization.DEFAULT, 0).toRgb(new ImagePlus("scene", ip), 1, 1), boxes);
		float[] reframed = TestModels.officialReframe(masks.probabilities(), 3, masks.size(), boxes, 77, 101);
		ImageProcessor labels = result.labels().getProcessor();
		for (int i = 0; i < 77 * 101; i++) {
			int expected = 0;
			float best = 0.5f;
			for (int k = 0; k < 3; k++)
				if (reframed[k * 77 * 101 + i] > best) {
					best = reframed[k * 77 * 101 + i];
					expected = k + 1;
				}
			assertEquals(expected, (int) labels.getf(i), "pixel " + i);
		}
	}

	@Test
	void segmentsEveryBitDepthAndRgb() {
		ByteProcessor truth = disks(64, 48, 30, 24, 12);
		ShortProcessor sixteen = new ShortProcessor(64, 48);
		FloatProcessor thirtyTwo = new FloatProcessor(64, 48);
		for (int i = 0; i < truth.getPixelCount(); i++) {
			sixteen.set(i, truth.get(i) > 0 ? 40000 : 1000 + i % 7);
			thirtyTwo.setf(i, truth.get(i) > 0 ? -2.5f : -90f + i % 5);
		}
		ColorProcessor rgb = new ColorProcessor(64, 48);
		for (int i = 0; i < truth.getPixelCount(); i++) rgb.set(i, truth.get(i) > 0 ? 0xff2010 : 0x0010ff);
		for (ImageProcessor ip : List.of(truth, sixteen, thirtyTwo, rgb)) {
			SegmentationResult r = segment(new ImagePlus("t", ip), List.of(Box.of("b", 16, 10, 28, 28)));
			assertTrue(iou(r.labels().getProcessor(), 1, truth) > 0.9, ip.getClass().getSimpleName());
		}
	}

	@Test
	void stacksTakePositionedAndUnpositionedBoxes() {
		ImageStack stack = new ImageStack(60, 40);
		stack.addSlice(disks(60, 40, 20, 20, 8));
		stack.addSlice(disks(60, 40, 40, 20, 8));
		stack.addSlice(disks(60, 40, 20, 20, 8, 40, 20, 8));
		ImagePlus image = new ImagePlus("stack", stack);
		Calibration cal = image.getCalibration();
		cal.pixelWidth = cal.pixelHeight = 0.5;
		cal.setUnit("µm");
		List<Box> boxes = List.of(Box.of("left", 10, 10, 20, 20), new Box("right-z2", 30, 10, 20, 20, 0, 2, 0));
		SegmentationResult result = segment(image, boxes);
		ImagePlus labels = result.labels();
		assertEquals(3, labels.getNSlices());
		assertEquals(0.5, labels.getCalibration().pixelWidth);
		assertTrue(iou(labels.getStack().getProcessor(1), 1, disks(60, 40, 20, 20, 8)) > 0.9);
		assertEquals(0, (int) labels.getStack().getProcessor(1).getf(40, 20), "right box only acts on z2");
		assertEquals(2, (int) labels.getStack().getProcessor(2).getf(40, 20));
		assertEquals(0, (int) labels.getStack().getProcessor(3).getf(40, 20));
		// "left" on every slice (its mask on slice 2 is empty), "right-z2" on slice 2 only
		assertEquals(4, result.instances().size());
		Instance leftOn3 = result.instances().get(2);
		assertEquals(3, leftOn3.slice());
		assertEquals(3, leftOn3.roi().getPosition());
		assertEquals(leftOn3.area() * 0.25, leftOn3.calibratedArea(), 1e-9);
		assertEquals(0, result.instances().get(1).area(), "left's mask on slice 2 is empty");
		assertNull(result.instances().get(1).roi());
	}

	@Test
	void emptyMasksLeaveTheirLabelUnused() {
		SegmentationResult result = segment(new ImagePlus("d", disks(80, 40, 60, 20, 10)),
			List.of(Box.of("dark", 5, 5, 20, 20), Box.of("disk", 48, 8, 24, 24)));
		ImageProcessor labels = result.labels().getProcessor();
		assertEquals(2, (int) labels.getf(60, 20));
		assertEquals(2, (int) labels.getStatistics().max);
		for (int i = 0; i < labels.getPixelCount(); i++) assertTrue(labels.getf(i) != 1, "label 1 unused");
	}

	@Test
	void keepsHolesWhenTracing() {
		ByteProcessor ring = disks(60, 60, 30, 30, 20);
		ring.setValue(0);
		ring.fillOval(22, 22, 16, 16);
		SegmentationResult result = segment(new ImagePlus("ring", ring), List.of(Box.of("ring", 8, 8, 44, 44)));
		Roi roi = result.instances().get(0).roi();
		assertTrue(roi instanceof ShapeRoi, "a ring is traced as a shape with a hole");
		assertFalse(roi.contains(30, 30), "hole");
		assertTrue(roi.contains(30, 14), "ring");
	}

	@Test
	void smallBoxesInALargePlaneGetContextCrops() throws Exception {
		int size = 2400;
		int[] centres = { 300, 500, 1200, 1210, 2100, 700 };
		ByteProcessor ip = new ByteProcessor(size, size);
		ip.setValue(255);
		List<Box> boxes = new ArrayList<>();
		for (int i = 0; i < centres.length; i += 2) {
			ip.fillOval(centres[i] - 8, centres[i + 1] - 8, 16, 16);
			boxes.add(Box.of("n" + i, centres[i] - 11, centres[i + 1] - 11, 22, 22));
		}
		try (SavedModelMaskModel resizing = SavedModelMaskModel.load(
			TestModels.resizingIntensityModel(tmp.resolve("resizing"), 32, 256), ComputeDevice.CPU))
		{
			assertEquals(256, resizing.inputSize());
			ImagePlus image = new ImagePlus("big", ip);
			SegmentationResult cropped = new DeepMacSegmenter(resizing, SegmentationOptions.defaults()).segment(image,
				boxes, ProgressListener.NONE);
			SegmentationResult whole = new DeepMacSegmenter(resizing, SegmentationOptions.defaults().withMinBoxSize(1e-3))
				.segment(image, boxes, ProgressListener.NONE);
			assertEquals(3, cropped.timings().modelCalls());
			assertEquals(1, whole.timings().modelCalls());
			for (int k = 0; k < 3; k++) {
				ImageProcessor truth = new ByteProcessor(size, size);
				truth.setValue(255);
				truth.fillOval(centres[2 * k] - 8, centres[2 * k + 1] - 8, 16, 16);
				assertTrue(iou(cropped.labels().getProcessor(), k + 1, truth) > 0.8, "cropped " + k);
				assertTrue(iou(whole.labels().getProcessor(), k + 1, truth) < 0.5, "whole plane loses " + k);
			}
		}
	}

	@Test
	void rejectsUnusableInputAndReportsWarnings() {
		ImagePlus image = new ImagePlus("d", disks(50, 50, 25, 25, 10));
		assertThrows(BoxInputException.class, () -> segment(image, List.of()));
		assertThrows(BoxInputException.class, () -> segment(image, List.of(Box.of("out", 60, 60, 10, 10))));
		List<String> warnings = new ArrayList<>();
		SegmentationResult result = new DeepMacSegmenter(model, SegmentationOptions.defaults()).segment(image,
			List.of(Box.of("edge", 10, 10, 50, 30)), new ProgressListener() {
				@Override
				public void warn(String message) {
					warnings.add(message);
				}
			});
		assertEquals(1, warnings.size());
		assertEquals(warnings, result.warnings());
		assertEquals(40, result.instances().get(0).box().width(), 1e-9, "clipped to the image");
	}

	@Test
	void cancelsBetweenModelCalls() {
		ImagePlus image = new ImagePlus("d", disks(50, 50, 25, 25, 10));
		assertThrows(CancellationException.class, () -> new DeepMacSegmenter(model, SegmentationOptions.defaults())
			.segment(image, List.of(Box.of("b", 10, 10, 30, 30)), new ProgressListener() {
				@Override
				public boolean isCancelled() {
					return true;
				}
			}));
	}

	@Test
	void batchesAllBoxesOfACropInOneCall() {
		CountingModel counting = new CountingModel(model);
		List<Box> boxes = new ArrayList<>();
		for (int i = 0; i < 50; i++) boxes.add(Box.of("b" + i, i, i, 40, 40));
		SegmentationResult r = new DeepMacSegmenter(counting, SegmentationOptions.defaults())
			.segment(new ImagePlus("d", disks(100, 100, 50, 50, 20)), boxes, ProgressListener.NONE);
		assertEquals(List.of(50), counting.calls());
		assertEquals(50, r.instances().size());
		assertSame(boxes.get(3).name(), r.instances().get(3).box().name());
	}
}
