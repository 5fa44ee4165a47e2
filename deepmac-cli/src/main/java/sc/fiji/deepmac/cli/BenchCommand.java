package sc.fiji.deepmac.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.live.FeatureCache;
import sc.fiji.deepmac.live.LiveSession;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * Model load time, then per-image latency split into preprocessing, model and post-processing, for synthetic
 * planes with bright disks in random boxes. Reports medians over repeats after warm-up runs. With {@code --live}:
 * live mode instead, the time from a new box to its finished outline with the plane's features cached.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
	description = "Benchmark model load and per-image latency (preprocessing / model / post-processing) and peak heap.")
final class BenchCommand implements Callable<Integer> {

	@Mixin
	ModelOptions model;

	@Option(names = "--sizes", split = ",", defaultValue = "256,1024,4096", description = "Plane sides (default: ${DEFAULT-VALUE})")
	int[] sizes;

	@Option(names = "--boxes", split = ",", defaultValue = "1,10,100,1000", description = "Box counts (default: ${DEFAULT-VALUE})")
	int[] boxCounts;

	@Option(names = "--box-size", paramLabel = "PX", defaultValue = "0",
		description = "Box side in pixels; 0 = an eighth of the plane side, so every box is segmented in the whole plane")
	int boxSize;

	@Option(names = "--repeat", defaultValue = "3", description = "Timed runs per case (default: ${DEFAULT-VALUE})")
	int repeat;

	@Option(names = "--warmup", defaultValue = "3",
		description = "Untimed runs per case first, so the JIT has compiled the hot loops (default: ${DEFAULT-VALUE})")
	int warmup;

	@Option(names = "--live", description = "Benchmark live mode: box-to-mask latency with the plane's features cached")
	boolean live;

	@Option(names = "--live-boxes", defaultValue = "100",
		description = "Timed random boxes per plane with --live, after 10 untimed ones (default: ${DEFAULT-VALUE})")
	int liveBoxes;

	/** Plane sides whose square fits an ImageJ plane (at most 2^31 - 1 pixels). */
	private static final int MIN_SIDE = 16, MAX_SIDE = 46340;

	@Override
	public Integer call() throws Exception {
		for (int size : sizes) atLeast("--sizes", size, MIN_SIDE, MAX_SIDE);
		for (int n : boxCounts) atLeast("--boxes", n, 1, Integer.MAX_VALUE);
		atLeast("--box-size", boxSize, 0, MAX_SIDE);
		atLeast("--repeat", repeat, 1, Integer.MAX_VALUE);
		atLeast("--warmup", warmup, 0, Integer.MAX_VALUE);
		atLeast("--live-boxes", liveBoxes, 20, 1_000_000);
		long start = System.nanoTime();
		MaskModel maskModel = model.load();
		System.out.printf("model %s: loaded in %.0f ms (input size %d)%n", maskModel.name(), ms(System.nanoTime() - start),
			maskModel.inputSize());
		if (live) return live(maskModel);
		DeepMacSegmenter segmenter = new DeepMacSegmenter(maskModel, model.segmentationOptions());
		System.out.println("| plane | boxes | box side | model calls | preprocess ms | model ms | postprocess ms | total ms | outside TF | peak heap MiB |");
		System.out.println("|---|---|---|---|---|---|---|---|---|---|");
		for (int size : sizes)
			for (int n : boxCounts) {
				int side = boxSize > 0 ? boxSize : Math.max(4, size / 8);
				List<Box> boxes = randomBoxes(size, n, side, new Random(size * 31L + n));
				ImagePlus image = syntheticPlane(size, boxes, side);
				for (int w = 0; w < warmup; w++) segmenter.segment(image, boxes, ProgressListener.NONE);
				resetPeaks();
				long[][] runs = new long[repeat][];
				SegmentationResult result = null;
				for (int r = 0; r < repeat; r++) {
					long t0 = System.nanoTime();
					result = segmenter.segment(image, boxes, ProgressListener.NONE);
					long total = System.nanoTime() - t0;
					SegmentationResult.Timings t = result.timings();
					runs[r] = new long[] { t.preprocessNanos(), t.modelNanos(), t.postprocessNanos(), total };
				}
				double pre = median(runs, 0), run = median(runs, 1), post = median(runs, 2), total = median(runs, 3);
				System.out.printf("| %d² | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f %% | %.0f |%n", size, n, side,
					result.timings().modelCalls(), pre, run, post, total, 100 * (total - run) / total, peakHeapMiB());
			}
		return DeepMacCli.OK;
	}

	private static void atLeast(String option, int value, int min, int max) {
		if (value < min || value > max) throw new IllegalArgumentException(option + " " + value + " is outside "
			+ min + ".." + max + ": give a value in that range");
	}

	/**
	 * Live mode per plane size: the features' time, the memory they hold, then box-to-outline times for random boxes
	 * large enough to be segmented in the whole plane (long side 1 to 2 times the planner's minimum), so that each
	 * mask comes from the cached features. The last line gives the last size's figures.
	 */
	private int live(MaskModel maskModel) throws Exception {
		double p50 = 0, p95 = 0, features = 0;
		for (int size : sizes) {
			double minSide = Math.ceil(model.segmentationOptions().minBoxSize() * size / maskModel.inputSize());
			int side = (int) Math.min(size, 1.5 * minSide);
			Random random = new Random(size);
			ImagePlus image = syntheticPlane(size, randomBoxes(size, 200, side, random), side);
			try (FeatureCache cache = new FeatureCache(FeatureCache.shared().budget());
				LiveSession session = new LiveSession(image, maskModel, model.segmentationOptions(), cache, ProgressListener.NONE)) {
				long t0 = System.nanoTime();
				session.prepare(1, 1).get();
				features = ms(System.nanoTime() - t0);
				if (!Boolean.TRUE.equals(session.twoStage())) {
					System.out.println("model " + maskModel.name() + " has no image_features / masks_from_features signatures: "
						+ "live mode makes one full model call per box");
				}
				double[] times = new double[liveBoxes];
				for (int i = -10; i < liveBoxes; i++) {
					int w = (int) Math.min(size, minSide + random.nextInt((int) minSide + 1));
					int h = (int) Math.min(size, minSide + random.nextInt((int) minSide + 1));
					Box box = Box.of("live", random.nextInt(size - w + 1), random.nextInt(size - h + 1), w, h);
					long b0 = System.nanoTime();
					session.mask(box, 1, 1);
					if (i >= 0) times[i] = ms(System.nanoTime() - b0);
				}
				Arrays.sort(times);
				p50 = times[times.length / 2];
				p95 = times[(int) Math.ceil(0.95 * times.length) - 1];
				System.out.printf("live %d²: features %.0f ms, %.1f MiB cached per plane; %d boxes of %d to %d px: "
					+ "p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", size, features, cache.bytes() / (1024.0 * 1024.0), liveBoxes,
					(int) minSide, 2 * (int) minSide, p50, p95, times[times.length - 1]);
			}
		}
		System.out.printf("live box-to-mask: p50 %.0f ms, p95 %.0f ms (features %.0f ms)%n", p50, p95, features);
		return DeepMacCli.OK;
	}

	/** A dark plane with a bright disk inside each box. */
	private static ImagePlus syntheticPlane(int size, List<Box> boxes, int side) {
		ByteProcessor ip = new ByteProcessor(size, size);
		ip.setValue(30);
		ip.fill();
		ip.setValue(220);
		for (Box b : boxes)
			ip.fillOval((int) b.x() + side / 8, (int) b.y() + side / 8, side * 3 / 4, side * 3 / 4);
		return new ImagePlus("bench-" + size, ip);
	}

	/** n boxes of the given side at random places inside a square plane. */
	private static List<Box> randomBoxes(int size, int n, int side, Random random) {
		List<Box> boxes = new ArrayList<>(n);
		for (int i = 0; i < n; i++)
			boxes.add(Box.of("box-" + (i + 1), random.nextInt(Math.max(1, size - side)),
				random.nextInt(Math.max(1, size - side)), side, side));
		return boxes;
	}

	private static double median(long[][] runs, int column) {
		double[] v = Arrays.stream(runs).mapToDouble(r -> ms(r[column])).sorted().toArray();
		return v[v.length / 2];
	}

	private static double ms(long nanos) {
		return nanos / 1e6;
	}

	private static void resetPeaks() {
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
	}

	private static double peakHeapMiB() {
		return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
			.mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
	}
}
