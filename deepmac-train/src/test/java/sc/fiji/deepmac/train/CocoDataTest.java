package sc.fiji.deepmac.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CocoDataTest {

	/** pycocotools' rleToString, written out here as the test's own encoder. */
	static String encodeCounts(int[] counts) {
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < counts.length; i++) {
			long x = counts[i];
			if (i > 2) x -= counts[i - 2];
			boolean more = true;
			while (more) {
				long c = x & 0x1f;
				x >>= 5;
				more = (c & 0x10) != 0 ? x != -1 : x != 0;
				if (more) c |= 0x20;
				s.append((char) (c + 48));
			}
		}
		return s.toString();
	}

	/** Column-major runs of a row-major mask, background first (pycocotools' encode). */
	public static int[] runs(boolean[] mask, int w, int h) {
		List<Integer> runs = new ArrayList<>();
		boolean current = false;
		int run = 0;
		for (int x = 0; x < w; x++)
			for (int y = 0; y < h; y++) {
				if (mask[y * w + x] != current) {
					runs.add(run);
					run = 0;
					current = !current;
				}
				run++;
			}
		runs.add(run);
		return runs.stream().mapToInt(Integer::intValue).toArray();
	}

	public static String json(String images, String annotations) {
		return "{\"images\": [" + images + "], \"annotations\": [" + annotations + "], \"categories\": ["
			+ "{\"id\": 1, \"name\": \"person\"}, {\"id\": 44, \"name\": \"bottle\"}, {\"id\": 47, \"name\": \"cup\"}]}";
	}

	static CocoData read(Path dir, String json) throws IOException {
		Path file = dir.resolve("instances.json");
		Files.writeString(file, json);
		return CocoData.read(file);
	}

	static boolean[] mask(CocoData.Annotation a, int w, int h) {
		int[] plane = new int[w * h];
		CocoData.paint(a, w, h, plane, 1);
		boolean[] m = new boolean[w * h];
		for (int i = 0; i < m.length; i++) m[i] = plane[i] == 1;
		return m;
	}

	@Test
	void polygonsFillPixelCentresAndMatchTheirArea(@TempDir Path dir) throws IOException {
		// a square on pixel corners, a triangle, and a two-part annotation whose parts overlap
		CocoData coco = read(dir, json("{\"id\": 7, \"file_name\": \"a.jpg\", \"width\": 40, \"height\": 30}",
			"{\"id\": 1, \"image_id\": 7, \"category_id\": 1, \"iscrowd\": 0, \"bbox\": [2, 3, 10, 5], \"area\": 50,"
				+ " \"segmentation\": [[2, 3, 12, 3, 12, 8, 2, 8]]},"
				+ "{\"id\": 2, \"image_id\": 7, \"category_id\": 47, \"iscrowd\": 0, \"area\": 200.0,"
				+ " \"segmentation\": [[5.3, 9.7, 25.3, 9.7, 5.3, 29.7]]},"
				+ "{\"id\": 3, \"image_id\": 7, \"category_id\": 44, \"iscrowd\": 0,"
				+ " \"segmentation\": [[30, 0, 34, 0, 34, 4, 30, 4], [32, 2, 36, 2, 36, 6, 32, 6]]}"));
		CocoData.Image image = coco.images().get(0);
		assertEquals(3, image.annotations().size());
		List<CocoData.Annotation> a = image.annotations();
		boolean[] square = mask(a.get(0), 40, 30);
		for (int y = 0; y < 30; y++)
			for (int x = 0; x < 40; x++)
				assertEquals(x >= 2 && x < 12 && y >= 3 && y < 8, square[y * 40 + x], "pixel " + x + "," + y);
		int triangle = count(mask(a.get(1), 40, 30));
		// a right triangle of legs 20: area 200, the pixel count within half the outline's length (~34 px) of it
		assertEquals(a.get(1).area(), triangle, 0.25 * (20 + 20 + 28.3));
		assertEquals(16 + 16 - 4, count(mask(a.get(2), 40, 30)), "parts are united");
		assertTrue(Double.isNaN(a.get(2).area()));
	}

	@Test
	void rleDecodesColumnMajorFromArraysAndStrings(@TempDir Path dir) throws IOException {
		int w = 23, h = 17;
		Random r = new Random(5);
		boolean[] truth = new boolean[w * h];
		for (int k = 0; k < 6; k++) { // a few random rectangles and single pixels
			int x0 = r.nextInt(w), y0 = r.nextInt(h), x1 = Math.min(w, x0 + 1 + r.nextInt(9)), y1 = Math.min(h, y0 + 1 + r.nextInt(9));
			for (int y = y0; y < y1; y++)
				for (int x = x0; x < x1; x++) truth[y * w + x] = true;
		}
		truth[0] = true; // a first run of background of length 0
		int[] counts = runs(truth, w, h);
		assertEquals(0, counts[0]);
		String compressed = encodeCounts(counts);
		CocoData coco = read(dir, json("{\"id\": 1, \"file_name\": \"b.jpg\", \"width\": " + w + ", \"height\": " + h + "}",
			"{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"iscrowd\": 1, \"segmentation\": {\"size\": [" + h + ", " + w
				+ "], \"counts\": " + java.util.Arrays.toString(counts) + "}},"
				+ "{\"id\": 2, \"image_id\": 1, \"category_id\": 1, \"iscrowd\": 1, \"segmentation\": {\"size\": [" + h + ", " + w
				+ "], \"counts\": \"" + compressed.replace("\\", "\\\\") + "\"}}"));
		List<CocoData.Annotation> a = coco.images().get(0).annotations();
		assertArrayEquals(counts, a.get(0).rle());
		assertArrayEquals(counts, a.get(1).rle());
		assertArrayEquals(truth, mask(a.get(0), w, h));
		// a long count and a negative delta, as the string encoding stores them
		int[] wide = { 3, 70000, 5, 2, 69990, 1 };
		assertArrayEquals(wide, CocoData.decodeCounts(encodeCounts(wide)));
	}

	@Test
	void crowdRegionsAreIgnoredNotInstances(@TempDir Path dir) throws IOException {
		// an instance (rows 0-3) and a crowd region (rows 2-7) overlapping it in rows 2-3
		int w = 8, h = 10;
		boolean[] crowd = new boolean[w * h];
		for (int i = 2 * w; i < 8 * w; i++) crowd[i] = true;
		CocoData coco = read(dir, json("{\"id\": 3, \"file_name\": \"c.jpg\", \"width\": 8, \"height\": 10}",
			"{\"id\": 1, \"image_id\": 3, \"category_id\": 1, \"iscrowd\": 1, \"segmentation\": {\"size\": [10, 8], \"counts\": "
				+ java.util.Arrays.toString(runs(crowd, w, h)) + "}},"
				+ "{\"id\": 2, \"image_id\": 3, \"category_id\": 47, \"iscrowd\": 0, \"segmentation\": [[0, 0, 8, 0, 8, 4, 0, 4]]}"));
		CocoData.Masks m = CocoData.masks(coco.images().get(0));
		assertEquals(1, m.instances().size());
		assertEquals(47, m.instances().get(0).category());
		for (int i = 0; i < w * h; i++) {
			int y = i / w;
			assertEquals(y < 4 ? 1 : 0, m.labels()[i], "label at row " + y);
			assertEquals(y >= 4 && y < 8, m.ignore()[i], "ignore at row " + y);
		}
	}

	@Test
	void theHeldOutFifthIsFixedByImageId(@TempDir Path dir) throws IOException {
		StringBuilder images = new StringBuilder();
		for (int id = 1; id <= 500; id++)
			images.append(id > 1 ? "," : "").append("{\"id\": ").append(id * 37).append(", \"file_name\": \"").append(id)
				.append(".jpg\", \"width\": 4, \"height\": 4}");
		CocoData coco = read(dir, json(images.toString(), ""));
		List<CocoData.Image> validation = coco.split("validation"), train = coco.split("train");
		assertEquals(500, validation.size() + train.size());
		assertTrue(validation.size() > 70 && validation.size() < 130, "a fifth: " + validation.size());
		for (CocoData.Image i : validation) assertTrue(CocoData.isValidation(i.id()));
		for (CocoData.Image i : train) assertFalse(CocoData.isValidation(i.id()));
		assertThrows(IllegalArgumentException.class, () -> coco.split("test"));
	}

	@Test
	void maskCategoriesSelectVocByName(@TempDir Path dir) throws IOException {
		CocoData coco = read(dir, json("", ""));
		IntPredicate voc = coco.maskedCategories("voc"), nonvoc = coco.maskedCategories("nonvoc");
		assertTrue(voc.test(1) && voc.test(44) && !voc.test(47));
		assertTrue(!nonvoc.test(1) && !nonvoc.test(44) && nonvoc.test(47));
		assertTrue(coco.maskedCategories("all").test(47));
		assertThrows(IllegalArgumentException.class, () -> coco.maskedCategories("some"));
	}

	private static int count(boolean[] m) {
		int n = 0;
		for (boolean b : m) if (b) n++;
		return n;
	}
}
