package sc.fiji.deepmac.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static sc.fiji.deepmac.box.BoxCsvTest.assertMessage;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BoxChecksTest {

	private static final StackShape SHAPE = new StackShape(1, 3, 2);

	private final List<String> warnings = new ArrayList<>();

	@Test
	void keepsBoxesInsideAndClipsThoseReachingOut() {
		Box inside = new Box("inside", 0, 0, 100, 50, 0, 3, 2);
		Box leftTop = Box.of("left-top", -10, -5.5, 30, 20);
		Box rightBottom = Box.of("right-bottom", 90, 40, 20.5, 20);

		List<Box> fitted = BoxChecks.fitToImage(List.of(inside, leftTop, rightBottom), 100, 50, SHAPE, warnings);
		assertSame(inside, fitted.get(0));
		assertEquals(Box.of("left-top", 0, 0, 20, 14.5), fitted.get(1));
		assertEquals(Box.of("right-bottom", 90, 40, 10, 10), fitted.get(2));
		assertEquals(List.of(
			"Box 'left-top' reaches outside the 100 x 50 image: clipped to x 0, y 0, 20 x 14.5",
			"Box 'right-bottom' reaches outside the 100 x 50 image: clipped to x 90, y 40, 10 x 10"), warnings);
	}

	@Test
	void refusesBoxesWhollyOutsideTheImage() {
		assertMessage(() -> BoxChecks.fitToImage(List.of(Box.of("ok", 0, 0, 5, 5), Box.of("away", 100, 0, 5, 5)), 100, 50,
			SHAPE, warnings), "Box 'away' (x 100, y 0, 5 x 5) lies wholly outside the 100 x 50 image");
		assertMessage(() -> BoxChecks.fitToImage(List.of(Box.of("above", 10, -5, 5, 5)), 100, 50, SHAPE, warnings),
			"Box 'above'");
	}

	@Test
	void refusesBoxesWithoutArea() {
		assertMessage(() -> BoxChecks.fitToImage(List.of(Box.of("flat", 1, 2, 10, 0)), 100, 50, SHAPE, warnings),
			"Box 'flat' has no area (x 1, y 2, 10 x 0)");
		assertMessage(() -> BoxChecks.fitToImage(List.of(Box.of("odd", 1, 2, Double.NaN, 3)), 100, 50, SHAPE, warnings),
			"Box 'odd' has no area");
	}

	@Test
	void refusesSlicesAndFramesTheImageLacks() {
		assertMessage(() -> BoxChecks.fitToImage(List.of(new Box("deep", 1, 2, 3, 4, 0, 4, 0)), 100, 50, SHAPE, warnings),
			"Box 'deep' is on slice 4, every frame but the image has 3 slice(s) and 2 frame(s)");
		assertMessage(() -> BoxChecks.fitToImage(List.of(new Box("late", 1, 2, 3, 4, 1, 1, 3)), 100, 50, SHAPE, warnings),
			"Box 'late' is on slice 1, frame 3");
	}
}
