package sc.fiji.deepmac.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.segment.SegmentationOptions;
import sc.fiji.deepmac.testing.StubMaskModel;
import sc.fiji.deepmac.train.CocoData;
import sc.fiji.deepmac.train.CocoDataTest;

class CocoEvaluationTest {

	/** Every box's mask is the whole box: the model's IoU is the filled box's. */
	static final class FilledBoxModel extends StubMaskModel {
		@Override
		protected void mask(float[] box, float[] out) {
			Arrays.fill(out, 1f);
		}
	}

	@Test
	void crowdPixelsCountForNoInstance(@TempDir Path dir) throws IOException {
		// an L of 300 px (x 10-29, y 5-14 and x 10-19, y 15-24) in its 20 x 20 box; the box's empty quadrant is a crowd
		// region in image 1, plain background in image 2 (the same picture)
		int w = 40, h = 30;
		BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				boolean l = x >= 10 && x < 30 && y >= 5 && y < 15 || x >= 10 && x < 20 && y >= 15 && y < 25;
				picture.setRGB(x, y, l ? 0xc8c8c8 : 0x282828);
			}
		ImageIO.write(picture, "png", dir.resolve("p.png").toFile());
		boolean[] crowd = new boolean[w * h];
		for (int y = 15; y < 25; y++)
			for (int x = 20; x < 30; x++) crowd[y * w + x] = true;
		String l = "\"segmentation\": [[10, 5, 30, 5, 30, 15, 10, 15], [10, 15, 20, 15, 20, 25, 10, 25]]";
		String json = "{\"images\": [{\"id\": 1, \"file_name\": \"p.png\", \"width\": 40, \"height\": 30},"
			+ " {\"id\": 2, \"file_name\": \"p.png\", \"width\": 40, \"height\": 30}], \"annotations\": ["
			+ "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"iscrowd\": 0, " + l + "},"
			+ "{\"id\": 2, \"image_id\": 1, \"category_id\": 1, \"iscrowd\": 1, \"segmentation\": {\"size\": [30, 40], \"counts\": "
			+ Arrays.toString(CocoDataTest.runs(crowd, w, h)) + "}},"
			+ "{\"id\": 3, \"image_id\": 2, \"category_id\": 1, \"iscrowd\": 0, " + l + "}],"
			+ " \"categories\": [{\"id\": 1, \"name\": \"person\"}]}";
		Files.writeString(dir.resolve("instances.json"), json);
		CocoData coco = CocoData.read(dir.resolve("instances.json"));

		List<Evaluator.Score> scores = new Evaluator(new FilledBoxModel(), SegmentationOptions.defaults())
			.evaluateCoco(coco.images(), dir, c -> true, null);
		assertEquals(3, scores.size());
		Evaluator.Score withCrowd = scores.get(0), without = scores.get(1), all = scores.get(2);
		assertEquals(1, withCrowd.instances(), "the crowd region is no instance");
		assertEquals(1.0, withCrowd.meanBox(), 1e-9);
		assertEquals(1.0, withCrowd.meanModel(), 1e-9);
		assertEquals(0.75, without.meanBox(), 1e-9);
		assertEquals(0.75, without.meanModel(), 1e-9);
		assertEquals(2, all.instances());
		assertEquals(1.75, all.model(), 1e-9);
	}

	@Test
	void onlyTheChosenCategoriesAreScoredButAllPrompt(@TempDir Path dir) throws IOException {
		// a person (VOC) of 10 x 10 and a cup (not VOC) of 10 x 5 in one picture
		BufferedImage picture = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
		ImageIO.write(picture, "png", dir.resolve("p.png").toFile());
		String json = "{\"images\": [{\"id\": 1, \"file_name\": \"p.png\", \"width\": 40, \"height\": 30}], \"annotations\": ["
			+ "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"iscrowd\": 0, \"segmentation\": [[2, 2, 12, 2, 12, 12, 2, 12]]},"
			+ "{\"id\": 2, \"image_id\": 1, \"category_id\": 47, \"iscrowd\": 0, \"segmentation\": [[20, 20, 30, 20, 30, 25, 20, 25]]}],"
			+ " \"categories\": [{\"id\": 1, \"name\": \"person\"}, {\"id\": 47, \"name\": \"cup\"}]}";
		Files.writeString(dir.resolve("instances.json"), json);
		CocoData coco = CocoData.read(dir.resolve("instances.json"));
		Evaluator evaluator = new Evaluator(new FilledBoxModel(), SegmentationOptions.defaults());
		assertEquals(2, evaluator.evaluateCoco(coco.images(), dir, coco.maskedCategories("all"), null).get(1).instances());
		assertEquals(1, evaluator.evaluateCoco(coco.images(), dir, coco.maskedCategories("voc"), null).get(1).instances());
		Evaluator.Score cups = evaluator.evaluateCoco(coco.images(), dir, coco.maskedCategories("nonvoc"), null).get(1);
		assertEquals(1, cups.instances());
		assertEquals(1.0, cups.meanModel(), 1e-9);
		assertEquals(1, evaluator.evaluateCoco(coco.images(), dir, coco.maskedCategories("Person"), null).get(1).instances(),
			"a category by its name");
		assertEquals(2, evaluator.evaluateCoco(coco.images(), dir, coco.maskedCategories("cup, person"), null).get(1)
			.instances(), "names separated by commas");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> coco.maskedCategories("person,dog"));
		assertEquals("Categories are all, voc, nonvoc or names of this file's categories, and 'dog' is none of them "
			+ "(2 categories, e.g. person, cup)", e.getMessage());
	}
}
