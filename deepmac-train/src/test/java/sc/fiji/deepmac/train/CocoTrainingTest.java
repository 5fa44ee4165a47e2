package sc.fiji.deepmac.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoTrainingTest {

	static final int SIZE = 96;
	/** Image ids of the training split, and one of the held-out fifth. */
	static final long[] TRAIN_IDS = ids(false, 3), VALIDATION_IDS = ids(true, 1);

	private static long[] ids(boolean validation, int n) {
		long[] out = new long[n];
		for (long id = 1, k = 0; k < n; id++) if (CocoData.isValidation(id) == validation) out[(int) k++] = id;
		return out;
	}

	/**
	 * Images of a person (a bright frame: x 20-59, y 10-69, with a hole x 30-49, y 20-59) and a cup (a dark square
	 * x 66-85, y 40-59) on gray; {@code crowdInHole} makes the frame's hole a crowd region.
	 */
	static Path write(Path dir, boolean crowdInHole) throws IOException {
		BufferedImage picture = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
		boolean[] hole = new boolean[SIZE * SIZE];
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++) {
				boolean frame = x >= 20 && x < 60 && y >= 10 && y < 70, inHole = x >= 30 && x < 50 && y >= 20 && y < 60;
				boolean cup = x >= 66 && x < 86 && y >= 40 && y < 60;
				hole[y * SIZE + x] = inHole;
				picture.setRGB(x, y, frame && !inHole ? 0xe0c0a0 : cup ? 0x203040 : 0x808080);
			}
		ImageIO.write(picture, "png", dir.resolve("p.png").toFile());
		StringBuilder images = new StringBuilder(), annotations = new StringBuilder();
		long annotation = 1;
		for (long id : concat(TRAIN_IDS, VALIDATION_IDS)) {
			images.append(images.length() > 0 ? "," : "").append("{\"id\": " + id + ", \"file_name\": \"p.png\", \"width\": "
				+ SIZE + ", \"height\": " + SIZE + "}");
			annotations.append(annotations.length() > 0 ? "," : "")
				.append("{\"id\": " + annotation++ + ", \"image_id\": " + id + ", \"category_id\": 1, \"iscrowd\": 0, \"segmentation\": "
					+ "[[20, 10, 60, 10, 60, 70, 20, 70, 20, 10, 30, 20, 30, 60, 50, 60, 50, 20, 30, 20]]},")
				.append("{\"id\": " + annotation++ + ", \"image_id\": " + id + ", \"category_id\": 47, \"iscrowd\": 0, \"segmentation\": "
					+ "[[66, 40, 86, 40, 86, 60, 66, 60]]}");
			if (crowdInHole) annotations.append(",{\"id\": " + annotation++ + ", \"image_id\": " + id
				+ ", \"category_id\": 1, \"iscrowd\": 1, \"segmentation\": {\"size\": [96, 96], \"counts\": "
				+ java.util.Arrays.toString(CocoDataTest.runs(hole, SIZE, SIZE)) + "}}");
		}
		Path json = dir.resolve("instances.json");
		Files.writeString(json, CocoDataTest.json(images.toString(), annotations.toString()));
		return json;
	}

	private static long[] concat(long[] a, long[] b) {
		long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

	static BatchMaker maker(List<DsbData.Item> items) {
		BatchMaker.Recipe recipe = new BatchMaker.Recipe(4, 64, 4, 0, 0, 16, 40, SyntheticScenes.classes(null),
			SyntheticScenes.maskedClasses(false), null, 1);
		return new BatchMaker(recipe, List.of(), items, 32, 7);
	}

	/**
	 * For a model of photographs, a view shows the photograph upright at about the scale the model sees it: the
	 * person (a frame 40 wide, 60 tall) is taller than wide wherever the view shows it whole, and the cup (20 px) is
	 * 20 px times the input size over the image's long side (here 1), within 30 %; colours keep their order (the
	 * light frame is never darker than the dark cup: no inverted polarity).
	 */
	@Test
	void photographsAreShownUprightAtTheModelsScale(@TempDir Path dir) throws IOException {
		CocoData coco = CocoData.read(write(dir, false));
		List<DsbData.Item> items = CocoData.items(coco.split("train"), dir, coco.maskedCategories("all"));
		BatchMaker.Recipe recipe = new BatchMaker.Recipe(4, 96, 4, 0, 0, 16, 40, SyntheticScenes.classes(null),
			SyntheticScenes.maskedClasses(false), null, 1, SIZE);
		int people = 0, cups = 0;
		for (long step = 1; step <= 10; step++) {
			Batch b = new BatchMaker(recipe, List.of(), items, 32, 3).make(step);
			for (int i = 0; i < b.boxCount(); i++) {
				if (b.weights()[i] == 0) continue;
				float[] box = java.util.Arrays.copyOfRange(b.boxes(), 4 * i, 4 * i + 4);
				double h = (box[2] - box[0]) * 96, w = (box[3] - box[1]) * 96;
				boolean inside = box[0] > 0.01 && box[1] > 0.01 && box[2] < 0.99 && box[3] < 0.99;
				if (!inside) continue;
				if (Math.abs(w - h) < 2) {
					cups++;
					assertTrue(w >= 20 * 0.74 - 1 && w <= 20 * 1.35 + 1, "cup " + w + " px");
				}
				else {
					people++;
					assertTrue(h > w, "person " + w + " x " + h + ": upright");
				}
			}
		}
		assertTrue(cups > 0 && people > 0, cups + " cups, " + people + " people");
	}

	@Test
	void withVocMasksANonVocInstanceAddsNoLoss(@TempDir Path dir) throws IOException {
		CocoData coco = CocoData.read(write(dir, false));
		List<CocoData.Image> train = coco.split("train");
		assertEquals(TRAIN_IDS.length, train.size(), "the held-out image is left out");
		Batch all = maker(CocoData.items(train, dir, coco.maskedCategories("all"))).make(1);
		Batch voc = maker(CocoData.items(train, dir, coco.maskedCategories("voc"))).make(1);
		assertArrayEquals(all.pixels(), voc.pixels());
		assertArrayEquals(all.targets(), voc.targets());
		int cups = 0, people = 0;
		for (int i = 0; i < all.boxCount(); i++) {
			if (all.weights()[i] == 1 && voc.weights()[i] == 0) cups++;
			if (all.weights()[i] == 1 && voc.weights()[i] == 1) people++;
			assertFalse(all.weights()[i] == 0 && voc.weights()[i] == 1);
		}
		assertTrue(cups > 0 && people > 0, cups + " cups, " + people + " people");

		NetConfig config = NetConfig.defaults().withInputSize(64).withHead("conv2");
		try (TrainGraph g = new TrainGraph(config, 1)) {
			g.initialise(2);
			float loss = g.loss(voc);
			assertEquals(loss, g.loss(flipTargets(voc, 0)), 1e-6f, "the cups' targets do not matter");
			assertNotEquals(loss, g.loss(flipTargets(voc, 1)), 1e-3f, "the people's do");
		}
	}

	/** The batch with the targets of the boxes of this weight turned inside out. */
	private static Batch flipTargets(Batch b, float weight) {
		float[] t = b.targets().clone();
		int s = 32 * 32;
		for (int i = 0; i < b.boxCount(); i++)
			if (b.weights()[i] == weight) for (int p = i * s; p < (i + 1) * s; p++) t[p] = 1 - t[p];
		return new Batch(b.images(), b.height(), b.width(), b.pixels(), b.boxCount(), b.boxes(), b.boxImage(), t, b.weights());
	}

	@Test
	void aBoxOverACrowdRegionGetsNoLoss(@TempDir Path dir) throws IOException {
		// the person's box always holds its hole; with the hole a crowd region, only the cup gets mask loss
		CocoData coco = CocoData.read(write(dir, true));
		List<DsbData.Item> items = CocoData.items(coco.split("train"), dir, coco.maskedCategories("all"));
		assertEquals(CocoData.CROWD_CLASS, items.get(0).classOf()[3]);
		Batch b = maker(items).make(1);
		CocoData plain = CocoData.read(write(dir, false));
		Batch without = maker(CocoData.items(plain.split("train"), dir, plain.maskedCategories("all"))).make(1);
		float withCrowd = 0, noCrowd = 0;
		for (int i = 0; i < b.boxCount(); i++) {
			withCrowd += b.weights()[i];
			noCrowd += without.weights()[i];
		}
		assertTrue(withCrowd > 0 && withCrowd < noCrowd, withCrowd + " boxes with loss, " + noCrowd + " without the crowd region");
	}

	@Test
	void trainsOnCocoAlone(@TempDir Path dir) throws IOException {
		Path json = write(dir, true);
		NetConfig config = NetConfig.defaults().withInputSize(64).withHead("conv2");
		TrainOptions options = new TrainOptions(dir.resolve("run"), null, config, 5, 3, 2, 3, 64, 2e-3f, 2, 0, 0, 16, 40, false,
			1, 10, 0, null, null, 1, json, dir, "all", null);
		assertFalse(options.needsNuclei());
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		Trainer.Outcome outcome = new Trainer(options, new PrintStream(log)).run();
		assertEquals(3, outcome.steps());
		assertTrue(Float.isFinite(outcome.finalLoss()) && outcome.finalLoss() > 0, "loss " + outcome.finalLoss());
		assertTrue(log.toString().contains("COCO: " + TRAIN_IDS.length + " training images"), log.toString());
		assertTrue(Files.isRegularFile(outcome.model().resolve("saved_model.pb")));
	}
}
