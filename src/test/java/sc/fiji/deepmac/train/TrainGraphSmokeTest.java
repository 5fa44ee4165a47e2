package sc.fiji.deepmac.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainGraphSmokeTest {

	@Test
	void gradientsFlowAndLossDrops() {
		int t = 64, b = 2, k = 3, s = 32;
		java.util.Random r = new java.util.Random(1);
		float[] px = new float[b * t * t * 3];
		float[] boxes = new float[b * k * 4];
		int[] idx = new int[b * k];
		float[] tg = new float[b * k * s * s];
		float[] w = new float[b * k];
		for (int i = 0; i < b; i++)
			for (int j = 0; j < k; j++) {
				int n = i * k + j;
				float cy = 10 + r.nextInt(t - 20), cx = 10 + r.nextInt(t - 20), rad = 5 + r.nextInt(4);
				for (int y = 0; y < t; y++)
					for (int x = 0; x < t; x++)
						if ((y - cy) * (y - cy) + (x - cx) * (x - cx) < rad * rad) for (int c = 0; c < 3; c++) px[((i * t + y) * t + x) * 3 + c] = 200;
				boxes[4 * n] = (cy - rad) / t; boxes[4 * n + 1] = (cx - rad) / t; boxes[4 * n + 2] = (cy + rad) / t; boxes[4 * n + 3] = (cx + rad) / t;
				idx[n] = i; w[n] = 1;
				for (int y = 0; y < s; y++)
					for (int x = 0; x < s; x++) {
						double yy = -1 + 2.0 * y / (s - 1), xx = -1 + 2.0 * x / (s - 1);
						tg[(n * s + y) * s + x] = yy * yy + xx * xx < 1 ? 1 : 0;
					}
			}
		Batch batch = new Batch(b, t, t, px, b * k, boxes, idx, tg, w);
		for (String head : new String[] { "conv2", "hourglass2" })
			try (TrainGraph g = new TrainGraph(NetConfig.defaults().withHead(head).withInputSize(64), 2)) {
				g.initialise(7);
				float first = g.loss(batch);
				long t0 = System.nanoTime();
				for (int step = 1; step <= 20; step++) g.step(batch, 3e-3f, step);
				float last = g.loss(batch);
				System.out.printf("%s: loss %.4f -> %.4f in %.1f s%n", head, first, last, (System.nanoTime() - t0) / 1e9);
				assertTrue(last < first * 0.8, "loss " + first + " -> " + last);
			}
	}
}
