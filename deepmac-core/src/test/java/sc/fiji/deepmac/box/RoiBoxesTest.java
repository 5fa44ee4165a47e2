package sc.fiji.deepmac.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sc.fiji.deepmac.box.BoxCsvTest.assertMessage;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ij.gui.Line;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;

class RoiBoxesTest {

	/** 2 channels, 3 slices, 2 frames, in ImageJ's czt order. */
	private static final StackShape HYPERSTACK = new StackShape(2, 3, 2);

	private final List<String> warnings = new ArrayList<>();

	@Test
	void splitsAPlainStackPositionByTheImageShape() {
		Roi onIndex5 = new Roi(1, 2, 3, 4);
		onIndex5.setPosition(5); // index 5 = channel 1, slice 3, frame 1
		Roi onIndex8 = new Roi(1, 2, 3, 4);
		onIndex8.setPosition(8); // index 8 = channel 2, slice 1, frame 2
		Roi hyper = new Roi(1, 2, 3, 4);
		hyper.setPosition(0, 2, 0);

		List<Box> boxes = RoiBoxes.fromRois(new Roi[] { onIndex5, onIndex8, hyper, new Roi(1, 2, 3, 4) }, HYPERSTACK, warnings);
		assertEquals(List.of(
			new Box("roi-1", 1, 2, 3, 4, 1, 3, 1),
			new Box("roi-2", 1, 2, 3, 4, 2, 1, 2),
			new Box("roi-3", 1, 2, 3, 4, 0, 2, 0),
			new Box("roi-4", 1, 2, 3, 4, 0, 0, 0)), boxes);
		assertEquals(List.of(), warnings);
	}

	@Test
	void refusesAStackPositionBeyondTheImage() {
		Roi roi = new Roi(1, 2, 3, 4);
		roi.setName("far");
		roi.setPosition(13);
		assertMessage(() -> RoiBoxes.fromRois(new Roi[] { roi }, HYPERSTACK, warnings),
			"ROI 'far' is on stack position 13 but the image has 12 plane(s)");
	}

	@Test
	void warnsAboutAreasThatAreNotPlainRectangles() {
		Roi rounded = new Roi(0, 0, 10, 10, 4);
		rounded.setName("rounded");
		Roi polygon = new PolygonRoi(new float[] { 2, 12, 7 }, new float[] { 3, 3, 13 }, Roi.POLYGON);
		polygon.setName("triangle");
		Roi composite = new ShapeRoi(new Roi(0, 0, 5, 5)).or(new ShapeRoi(new Roi(10, 10, 5, 5)));

		List<Box> boxes = RoiBoxes.fromRois(new Roi[] { rounded, polygon, composite }, HYPERSTACK, warnings);
		assertEquals(new Box("triangle", 2, 3, 10, 10, 0, 0, 0), boxes.get(1));
		assertEquals(new Box("roi-3", 0, 0, 15, 15, 0, 0, 0), boxes.get(2));
		assertEquals(List.of(
			"ROI 'rounded' is not a rectangle: its bounding box is used",
			"ROI 'triangle' is not a rectangle: its bounding box is used",
			"ROI 'roi-3' is not a rectangle: its bounding box is used"), warnings);
	}

	@Test
	void refusesLinesAndPoints() {
		Roi line = new Line(0, 0, 10, 10);
		line.setName("scratch");
		assertMessage(() -> RoiBoxes.fromRois(new Roi[] { new Roi(0, 0, 1, 1), line }, HYPERSTACK, warnings),
			"ROI 'scratch' is a line, not an area: draw a rectangle");
		assertMessage(() -> RoiBoxes.fromRois(new Roi[] { new PointRoi(3, 4) }, HYPERSTACK, warnings),
			"ROI 'roi-1' is a point, not an area");
	}
}
