package sc.fiji.deepmac.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.testing.CountingModel;
import sc.fiji.deepmac.testing.RedChannelModel;
import sc.fiji.deepmac.testing.TestImages;

/** Boxes split over several model calls give the same labels, instances and tables as one call. */
class ChunkedModelCallsTest {

	@Test
	void masksDoNotDependOnHowBoxesAreSplitOverCalls() {
		ImagePlus image = new ImagePlus("disks", TestImages.disks(96, 64, 16, 20, 10, 44, 26, 12, 70, 40, 14, 80, 15, 8));
		List<Box> boxes = List.of(Box.of("a", 4, 8, 24, 24), Box.of("b", 30, 12, 28, 28), Box.of("c", 54, 24, 32, 32),
			Box.of("d", 70, 5, 20, 20), Box.of("overlap", 20, 10, 30, 30), Box.of("e", 0, 40, 30, 20),
			Box.of("f", 60, 30, 36, 34));
		CountingModel whole = new CountingModel(new RedChannelModel(16, 256)), split = new CountingModel(
			new RedChannelModel(16, 256));
		// Every box in the whole plane, so that one crop holds them all
		SegmentationOptions options = SegmentationOptions.defaults().withMinBoxSize(1);
		SegmentationResult one = new DeepMacSegmenter(whole, options, 1000).segment(image, boxes,
			ProgressListener.NONE);
		SegmentationResult three = new DeepMacSegmenter(split, options, 3).segment(image, boxes,
			ProgressListener.NONE);
		assertEquals(List.of(7), whole.calls());
		assertEquals(List.of(3, 3, 1), split.calls());
		assertEquals(3, three.timings().modelCalls());
		assertArrayEquals((short[]) one.labels().getProcessor().getPixels(), (short[]) three.labels().getProcessor()
			.getPixels());
		InstanceTable expected = new InstanceTable(one.instances(), image.getCalibration());
		assertEquals(expected.rows(), new InstanceTable(three.instances(), image.getCalibration()).rows());
	}

	@Test
	void atLeastOneBoxPerCall() {
		assertThrows(IllegalArgumentException.class, () -> new DeepMacSegmenter(new RedChannelModel(16, 256),
			SegmentationOptions.defaults(), 0));
	}
}
