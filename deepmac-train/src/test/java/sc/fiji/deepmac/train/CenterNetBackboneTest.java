package sc.fiji.deepmac.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import com.google.protobuf.util.JsonFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.RgbImage;
import sc.fiji.deepmac.model.SavedModelMaskModel;
import sc.fiji.deepmac.tensorflow.TensorFlowRuntime;

class CenterNetBackboneTest {

	/**
	 * A CenterNet in miniature, written as the TF.js converter writes the real one: a placeholder fixed to
	 * [1, 512, 512, 3], stride-4 features built from a stride-8 branch upsampled by a ResizeBilinear whose size the
	 * converter froze for 512 px inputs, and the node names the backbone reads.
	 */
	static Path miniature(Path dir) throws IOException {
		TensorFlowRuntime.engine();
		Random r = new Random(3);
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			Ops tower = tf.withSubScope("tower_0"), head = tower.withSubScope("CenternetHead");
			Placeholder<TFloat32> images = tower.withName("images").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(1, 512, 512, 3)));
			Operand<TFloat32> scaled = tf.math.div(images, tf.constant(255f));
			Operand<TFloat32> fine = tf.nn.avgPool(scaled, List.of(1L, 4L, 4L, 1L), List.of(1L, 4L, 4L, 1L), "VALID");
			Operand<TFloat32> coarse = tf.nn.avgPool(scaled, List.of(1L, 8L, 8L, 1L), List.of(1L, 8L, 8L, 1L), "VALID");
			Operand<TFloat32> up = tf.image.resizeBilinear(coarse, tf.constant(new int[] { 128, 128 }));
			Operand<TFloat32> both = tf.concat(List.of(fine, up), tf.constant(3));
			Operand<TFloat32> features = head.withName("mul").nn.relu(tf.nn.conv2d(both,
				kernel(tf, r, 6, CenterNetBackbone.FEATURE_CHANNELS), List.of(1L, 1L, 1L, 1L), "SAME"));
			head.withSubScope("centernet_cls_output").withName("BiasAdd").nn.biasAdd(tf.nn.conv2d(features,
				kernel(tf, r, CenterNetBackbone.FEATURE_CHANNELS, CenterNetBackbone.CLASSES), List.of(1L, 1L, 1L, 1L), "SAME"),
				tf.constant(new float[CenterNetBackbone.CLASSES]));
			String topology = JsonFormat.printer().print(g.toGraphDef());
			Path json = dir.resolve("centernet.json");
			Files.writeString(json, "{\"format\": \"graph-model\", \"modelTopology\": " + topology + ", \"weightsManifest\": []}");
			return json;
		}
	}

	private static Operand<TFloat32> kernel(Ops tf, Random r, int in, int out) {
		float[] v = new float[in * out];
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian() / (float) Math.sqrt(in);
		return tf.constant(Shape.of(1, 1, in, out), DataBuffers.of(v, true, false));
	}

	private static NetConfig config() {
		return new NetConfig(512, "hourglass2", 16, 32, 16, 32, NetConfig.CENTERNET);
	}

	@Test
	void featuresOfTrainingCropsSmallerThanTheFrozenInput(@TempDir Path dir) throws Exception {
		CenterNetBackbone backbone = new CenterNetBackbone(miniature(dir));
		Batch crops = DeepMacNetTest.TinyData.batch(NetConfig.defaults().withInputSize(64), 5); // two 64 px crops
		try (CenterNetBackbone.Extractor extractor = backbone.extractor(1)) {
			Batch fed = extractor.features(crops);
			assertEquals(16, fed.height());
			assertEquals(16, fed.width());
			assertEquals(2 * 16 * 16 * CenterNetBackbone.CHANNELS, fed.pixels().length);
			assertEquals(crops.boxCount(), fed.boxCount());
			// the class logits are a function of the features: not all zero when the image is not
			double sum = 0;
			for (float v : fed.pixels()) sum += Math.abs(v);
			assertTrue(sum > 0);
			Batch odd = new Batch(1, 48, 48, new float[48 * 48 * 3], 0, new float[0], new int[0], new float[0], new float[0]);
			assertThrows(IllegalArgumentException.class, () -> extractor.features(odd));
		}
	}

	@Test
	void aNetworkWithoutItsBackboneIsNotExported(@TempDir Path dir) {
		assertThrows(IllegalArgumentException.class, () -> ModelExporter.export(config(), new ParamSet(), dir));
		assertThrows(IllegalArgumentException.class, () -> new NetConfig(256, "conv2", 16, 32, 16, 32, NetConfig.CENTERNET));
	}

	/** A run's checkpoint names its backbone; when that has moved, the export says so and takes the new place. */
	@Test
	void aCheckpointWhoseBackboneMovedIsExportedFromWhereItIsNow(@TempDir Path dir) throws Exception {
		Path json = miniature(Files.createDirectories(dir.resolve("first")));
		TrainOptions options = new TrainOptions(dir.resolve("run"), null, config().withHead("conv2"), 5, 1,
			1, 2, 64, 1e-3f, 1, 0, 1, 12, 40, false, 1, 1, 0, null, null, 0, null, null, "all", json);
		new Trainer(options, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).run();
		Path moved = Files.createDirectories(dir.resolve("second")).resolve("centernet.json");
		Files.move(json, moved);
		IllegalArgumentException gone = assertThrows(IllegalArgumentException.class,
			() -> Trainer.exportCheckpoint(dir.resolve("run"), null, ModelExporter.UNSHIFTED));
		assertEquals("The backbone " + json + " that checkpoint " + dir.resolve("run").resolve(Trainer.CHECKPOINT)
			+ " was trained with is not there any more: give its centernet.json with --backbone", gone.getMessage());
		Files.delete(dir.resolve("run").resolve(Trainer.MODEL).resolve("saved_model.pb"));
		Trainer.exportCheckpoint(dir.resolve("run"), moved, ModelExporter.UNSHIFTED);
		assertTrue(Files.isRegularFile(dir.resolve("run").resolve(Trainer.MODEL).resolve("saved_model.pb")));
	}

	/**
	 * The exported model (backbone spliced behind the model's own preprocessing, as constants) gives the masks of the
	 * training graph fed the extractor's features. The image is 512 x 384, so the export's resize is the identity
	 * and its letterbox is black rows below the image.
	 */
	@Test
	void exportedModelMatchesTrainingOnExtractedFeatures(@TempDir Path dir) throws Exception {
		CenterNetBackbone backbone = new CenterNetBackbone(miniature(dir));
		NetConfig config = config();
		int w = 512, h = 384, s = 512;
		Random r = new Random(8);
		byte[] rgb = new byte[3 * w * h];
		r.nextBytes(rgb);
		float[] boxes = { 0.1f, 0.2f, 0.6f, 0.5f, 0.3f, 0.0f, 1.0f, 0.9f };
		int n = boxes.length / 4;
		float[] padded = new float[s * s * 3];
		for (int i = 0; i < rgb.length; i++) padded[i] = rgb[i] & 0xff;
		float[] squareBoxes = boxes.clone();
		for (int k = 0; k < n; k++) {
			squareBoxes[4 * k] *= (float) h / s;
			squareBoxes[4 * k + 2] *= (float) h / s;
		}
		float[] expected;
		try (TrainGraph g = new TrainGraph(config, 2); CenterNetBackbone.Extractor extractor = backbone.extractor(2)) {
			g.initialise(5);
			Batch fed = extractor.features(new Batch(1, s, s, padded, n, squareBoxes, new int[n], new float[n * 32 * 32], new float[n]));
			for (int step = 1; step <= 2; step++) g.step(fed, 1e-3f, step); // not just the initial weights
			expected = g.predict(fed);
			ModelExporter.export(config, g.weights(), dir.resolve("model"), backbone);
		}
		try (SavedModelMaskModel model = SavedModelMaskModel.load(dir.resolve("model"), ComputeDevice.CPU)) {
			BoxMasks masks = model.predict(new RgbImage(w, h, rgb), boxes);
			float[] actual = masks.probabilities();
			double worst = 0;
			for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
			assertEquals(0, worst, 1e-4, "largest difference between exported and in-memory masks");
		}
		// live mode's two stages: the features once, then masks from them
		float[] twoStage = ExportTest.twoStageMasks(dir.resolve("model"), rgb, w, h, boxes);
		double worst = 0;
		for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - twoStage[i]));
		assertEquals(0, worst, 1e-4, "largest difference between two-stage and in-memory masks");
	}

	/**
	 * Fine-tuned, the backbone's weights start as read and change with training, and the export with the changed
	 * weights gives the training graph's masks.
	 */
	@Test
	void aFineTunedBackboneLearnsAndIsExportedWithItsNewWeights(@TempDir Path dir) throws Exception {
		CenterNetBackbone backbone = new CenterNetBackbone(miniature(dir));
		NetConfig config = new NetConfig(512, "hourglass2", 16, 32, 16, 32, NetConfig.CENTERNET_TUNED);
		int w = 512, h = 384, s = 512, n = 2;
		Random r = new Random(9);
		byte[] rgb = new byte[3 * w * h];
		r.nextBytes(rgb);
		float[] padded = new float[s * s * 3];
		for (int i = 0; i < rgb.length; i++) padded[i] = rgb[i] & 0xff;
		float[] boxes = { 0.1f, 0.2f, 0.6f, 0.5f, 0.3f, 0.0f, 1.0f, 0.9f };
		float[] squareBoxes = boxes.clone();
		for (int k = 0; k < n; k++) {
			squareBoxes[4 * k] *= (float) h / s;
			squareBoxes[4 * k + 2] *= (float) h / s;
		}
		float[] targets = new float[n * 32 * 32];
		for (int i = 0; i < targets.length; i += 3) targets[i] = 1;
		Batch batch = new Batch(1, s, s, padded, n, squareBoxes, new int[n], targets, new float[] { 1, 1 });
		ParamSet read = backbone.weights();
		assertTrue(read.count() > 0);
		float[] expected;
		ParamSet tuned;
		try (TrainGraph g = new TrainGraph(config, 2, backbone)) {
			g.initialise(5);
			ParamSet start = TrainGraph.backboneWeights(g.weights());
			assertEquals(read.tensors().keySet(), start.tensors().keySet());
			for (String name : read.tensors().keySet())
				org.junit.jupiter.api.Assertions.assertArrayEquals(read.get(name).values(), start.get(name).values(), name);
			for (int step = 1; step <= 2; step++) g.step(batch, 1e-2f, step);
			tuned = TrainGraph.backboneWeights(g.weights());
			boolean changed = false;
			for (String name : read.tensors().keySet())
				changed |= !java.util.Arrays.equals(read.get(name).values(), tuned.get(name).values());
			assertTrue(changed, "some backbone weight was trained");
			expected = g.predict(batch);
			ModelExporter.export(config, g.weights(), dir.resolve("model"), backbone.withWeights(tuned));
		}
		try (SavedModelMaskModel model = SavedModelMaskModel.load(dir.resolve("model"), ComputeDevice.CPU)) {
			float[] actual = model.predict(new RgbImage(w, h, rgb), boxes).probabilities();
			double worst = 0;
			for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
			assertEquals(0, worst, 1e-4, "largest difference between exported and in-memory masks");
		}
	}
}
