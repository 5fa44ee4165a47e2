package sc.fiji.deepmac.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.RgbImage;
import sc.fiji.deepmac.model.SavedModelMaskModel;
import org.tensorflow.types.TFloat32;

import sc.fiji.deepmac.engine.ComputeDevice;

class ExportTest {

	/**
	 * The exported SavedModel, loaded by the core pipeline's loader, gives the masks of the in-memory training
	 * graph. The image is 64 x 48 with input size 64, so the export's resize is the identity and its padding
	 * (zeros after normalisation) equals feeding the training graph rows of value 127.5.
	 */
	@Test
	void exportedModelMatchesTheInMemoryGraph(@TempDir Path dir) throws Exception {
		NetConfig config = NetConfig.defaults().withInputSize(64).withHead("hourglass2");
		int w = 64, h = 48, s = 64;
		Random r = new Random(4);
		byte[] rgb = new byte[3 * w * h];
		r.nextBytes(rgb);
		float[] boxes = { 0.1f, 0.2f, 0.6f, 0.5f, 0.3f, 0.0f, 1.0f, 0.9f, 0.45f, 0.45f, 0.55f, 0.6f };
		int n = boxes.length / 4;
		float[] padded = new float[s * s * 3];
		java.util.Arrays.fill(padded, 127.5f);
		for (int i = 0; i < rgb.length; i++) padded[i] = rgb[i] & 0xff; // rows 0..h-1 are the image
		float[] squareBoxes = boxes.clone();
		for (int k = 0; k < n; k++) {
			squareBoxes[4 * k] *= (float) h / s;
			squareBoxes[4 * k + 2] *= (float) h / s;
		}
		float[] expected;
		try (TrainGraph g = new TrainGraph(config, 2)) {
			g.initialise(21);
			// a few steps so the weights are not just the initial ones
			Batch tiny = DeepMacNetTest.TinyData.batch(config, 2);
			for (int step = 1; step <= 3; step++) g.step(tiny, 1e-3f, step);
			expected = g.predict(new Batch(1, s, s, padded, n, squareBoxes, new int[n], new float[n * 32 * 32], new float[n]));
			ModelExporter.export(config, g.weights(), dir.resolve("model"));
			ModelExporter.export(config, g.weights(), dir.resolve("calibrated"), null, 0.4);
		}
		assertCalibrated(expected, dir.resolve("calibrated"), rgb, w, h, boxes);
		assertEquals("input_size=64", Files.readString(dir.resolve("model").resolve("deepmac.properties")).trim());
		try (SavedModelMaskModel model = SavedModelMaskModel.load(dir.resolve("model"), ComputeDevice.CPU)) {
			assertEquals(64, model.inputSize());
			BoxMasks masks = model.predict(new RgbImage(w, h, rgb), boxes);
			assertEquals(n, masks.count());
			assertEquals(32, masks.size());
			float[] actual = masks.probabilities();
			double worst = 0;
			for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
			assertEquals(0, worst, 1e-4, "largest difference between exported and in-memory masks");
		}
		// two-stage use: features once, then masks from them, equal to the one-stage signature
		float[] twoStage = twoStageMasks(dir.resolve("model"), rgb, w, h, boxes);
		double worst = 0;
		for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - twoStage[i]));
		assertEquals(0, worst, 1e-4, "largest difference between two-stage and in-memory masks");
	}

	/**
	 * A model exported with mask threshold 0.4 gives sigmoid(logit(p) - logit(0.4)) where the head gives p, through
	 * both signatures: 0.5 on its probabilities is 0.4 on the head's.
	 */
	private static void assertCalibrated(float[] head, Path model, byte[] rgb, int w, int h, float[] boxes) throws Exception {
		assertEquals("# probabilities shifted: 0.5 is where the trained head gave 0.4\ninput_size=64\n",
			Files.readString(model.resolve("deepmac.properties")));
		float[] oneStage;
		try (SavedModelMaskModel loaded = SavedModelMaskModel.load(model, ComputeDevice.CPU)) {
			assertEquals(64, loaded.inputSize());
			oneStage = loaded.predict(new RgbImage(w, h, rgb), boxes).probabilities();
		}
		float[] twoStage = twoStageMasks(model, rgb, w, h, boxes);
		double shift = Math.log(0.4 / 0.6), worst = 0;
		int above = 0;
		for (int i = 0; i < head.length; i++) {
			double logit = Math.log(head[i] / (1.0 - head[i])), expected = 1 / (1 + Math.exp(-(logit - shift)));
			worst = Math.max(worst, Math.max(Math.abs(expected - oneStage[i]), Math.abs(expected - twoStage[i])));
			if (head[i] > 0.4 && head[i] <= 0.5) above++;
		}
		assertEquals(0, worst, 1e-4, "largest difference from the shifted sigmoid");
		assertTrue(above > 0, "some of the head's probabilities lie between 0.4 and 0.5, so the shift is seen");
	}

	/** Masks through an exported model's two signatures: the image's features once, then masks from them. */
	static float[] twoStageMasks(Path model, byte[] rgb, int w, int h, float[] boxes) {
		int n = boxes.length / 4;
		// without Grappler's memory optimizer, as the engine loads models: it prints long warnings for CropAndResize
		org.tensorflow.proto.ConfigProto quiet = org.tensorflow.proto.ConfigProto.newBuilder()
			.setGraphOptions(org.tensorflow.proto.GraphOptions.newBuilder().setRewriteOptions(org.tensorflow.proto.RewriterConfig
				.newBuilder().setMemoryOptimization(org.tensorflow.proto.RewriterConfig.MemOptType.NO_MEM_OPT)))
			.build();
		try (org.tensorflow.SavedModelBundle bundle = org.tensorflow.SavedModelBundle.loader(model.toString())
				.withTags("serve").withConfigProto(quiet).load();
			org.tensorflow.types.TUint8 image = org.tensorflow.types.TUint8.tensorOf(org.tensorflow.ndarray.Shape.of(1, h, w, 3),
				org.tensorflow.ndarray.buffer.DataBuffers.of(rgb, true, false));
			TFloat32 boxTensor = TrainGraph.tensor(new int[] { 1, n, 4 }, boxes);
			org.tensorflow.Result features = bundle.function(sc.fiji.deepmac.tensorflow.ModelSignature.FEATURES_SIGNATURE).call(java.util.Map.of("input_tensor", image));
			org.tensorflow.Result masks = bundle.function(sc.fiji.deepmac.tensorflow.ModelSignature.MASKS_SIGNATURE).call(java.util.Map.of(
				"pixel_embedding", features.get("pixel_embedding").get(), "instance_embedding", features.get("instance_embedding").get(),
				"image_scale", features.get("image_scale").get(), "boxes", boxTensor)))
		{
			float[] out = new float[n * 32 * 32];
			((TFloat32) masks.get("detection_masks").get()).asRawTensor().data().asFloats().read(out);
			return out;
		}
	}
}
