package sc.fiji.deepmac.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DeepMacNetTest {

	@ParameterizedTest
	@ValueSource(strings = { "conv2", "conv4", "hourglass1", "hourglass2", "hourglass3" })
	void graphBuildsAndPredictsForHeadDepths(String head) {
		NetConfig config = NetConfig.defaults().withInputSize(64).withHead(head);
		Batch batch = TinyData.batch(config, 3);
		try (TrainGraph g = new TrainGraph(config, 2)) {
			g.initialise(1);
			float[] p = g.predict(batch);
			assertEquals(batch.boxCount() * 32 * 32, p.length);
			for (float v : p) assertTrue(v > 0 && v < 1, "sigmoid probabilities");
			assertTrue(Float.isFinite(g.loss(batch)));
		}
	}

	@Test
	void deeperHeadsHaveMoreParameters() {
		int conv2 = DeepMacNet.parameterNames(NetConfig.defaults().withHead("conv2")).size();
		int hg1 = DeepMacNet.parameterNames(NetConfig.defaults().withHead("hourglass1")).size();
		int hg3 = DeepMacNet.parameterNames(NetConfig.defaults().withHead("hourglass3")).size();
		assertTrue(conv2 < hg1 && hg1 < hg3, conv2 + " " + hg1 + " " + hg3);
	}

	@Test
	void rejectsUnknownHeads() {
		assertThrows(IllegalArgumentException.class, () -> NetConfig.defaults().withHead("resnet9"));
		assertThrows(IllegalArgumentException.class, () -> NetConfig.defaults().withHead("hourglass6"));
	}

	@Test
	void initialisationIsSeeded() {
		NetConfig config = NetConfig.defaults().withInputSize(64).withHead("conv2");
		try (TrainGraph a = new TrainGraph(config, 1); TrainGraph b = new TrainGraph(config, 1)) {
			a.initialise(5);
			b.initialise(5);
			List<String> names = DeepMacNet.parameterNames(config);
			for (String n : names)
				assertTrue(java.util.Arrays.equals(a.weights().get(n).values(), b.weights().get(n).values()), n);
		}
	}

	/** Small batches from the synthetic scene generator. */
	static final class TinyData {
		static Batch batch(NetConfig config, long seed) {
			BatchMaker maker = new BatchMaker(new BatchMaker.Recipe(2, 64, 4, 0, 1, 12, 40, SyntheticScenes.classes(true),
				SyntheticScenes.maskedClasses(false), null, 0), List.of(), config.maskSize(), seed);
			return maker.make(new Random(seed).nextInt(1000));
		}
	}
}
