package sc.fiji.deepmac.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.deepmac.box.Box;

class ContextCropPlannerTest {

	private final ContextCropPlanner planner = new ContextCropPlanner(1024, 64);

	@Test
	void aPlaneThatFitsTheModelIsOneCall() {
		List<ContextCrop> crops = planner.plan(800, 600, List.of(Box.of("a", 10, 10, 70, 70), Box.of("b", 0, 0, 64, 10)));
		assertEquals(1, crops.size());
		ContextCrop crop = crops.get(0);
		assertArrayEquals(new int[] { 0, 0, 800, 600 }, new int[] { crop.x(), crop.y(), crop.width(), crop.height() });
		assertArrayEquals(new int[] { 0, 1 }, crops.get(0).boxes());
	}

	@Test
	void smallBoxesInABigPlaneGetCropsWhereTheyAppearLargeEnough() {
		int size = 8192;
		Random random = new Random(7);
		List<Box> boxes = new ArrayList<>();
		for (int i = 0; i < 2000; i++)
			boxes.add(Box.of("n" + i, random.nextInt(size - 40), random.nextInt(size - 40), 10 + random.nextInt(30), 10 + random.nextInt(30)));
		boxes.add(Box.of("huge", 100, 100, 4000, 3000));
		List<ContextCrop> crops = planner.plan(size, size, boxes);
		int[] seen = new int[boxes.size()];
		for (ContextCrop crop : crops) {
			for (int i : crop.boxes()) {
				seen[i]++;
				Box b = boxes.get(i);
				assertTrue(b.x() >= crop.x() && b.y() >= crop.y() && b.x() + b.width() <= crop.x() + crop.width()
					&& b.y() + b.height() <= crop.y() + crop.height(), "box " + i + " inside its crop");
				double inInput = Math.max(b.width(), b.height()) * 1024.0 / Math.max(crop.width(), crop.height());
				assertTrue(inInput >= 64, "box " + i + " appears " + inInput + " px large");
			}
			assertTrue(crop.x() >= 0 && crop.y() >= 0 && crop.x() + crop.width() <= size && crop.y() + crop.height() <= size);
		}
		assertTrue(Arrays.stream(seen).allMatch(n -> n == 1), "every box in exactly one crop");
		assertEquals(size, crops.get(0).width(), "the huge box is segmented in the whole plane");
		assertArrayEquals(new int[] { 2000 }, crops.get(0).boxes());
		assertTrue(crops.size() < 2000, "boxes share crops: " + crops.size());
	}
}
