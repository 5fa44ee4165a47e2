package sc.fiji.deepmac.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The training loop: batches from {@link BatchMaker} (made one step ahead on another thread), Adam with a linear
 * warm-up and cosine decay, progress lines with the loss and the ETA, checkpoints (weights, Adam moments and the
 * step) that a later run resumes from exactly, and the export of the trained model.
 */
public final class Trainer {

	public static final String CHECKPOINT = "checkpoint.bin";
	public static final String MODEL = "model";
	private static final int MAGIC = 0xDEE9AC01;
	/** Checkpoint property: where the CenterNet backbone was read from, to export without training. */
	private static final String BACKBONE_MODEL = "backbone_model";

	private final TrainOptions options;
	private final PrintStream log;

	public Trainer(TrainOptions options, PrintStream log) {
		this.options = options;
		this.log = log;
	}

	/** Summary of a finished run. */
	public record Outcome(long steps, double seconds, float finalLoss, boolean stoppedEarly, Path model) {}

	public Outcome run() throws IOException {
		TrainOptions o = options;
		Files.createDirectories(o.out());
		List<DsbData.Item> nuclei = List.of();
		if (o.needsNuclei()) {
			if (o.nuclei() == null) throw new IllegalArgumentException("No nuclei folder given and synthetic fraction below 1");
			List<Path> files = DsbData.split(o.nuclei(), false);
			long t0 = System.nanoTime();
			nuclei = DsbData.load(files);
			log.printf("nuclei: %d training images from %s (validation fifth held out) loaded in %.1f s%n", nuclei.size(),
				o.nuclei(), (System.nanoTime() - t0) / 1e9);
		}
		List<DsbData.Item> extra = new ArrayList<>();
		if (o.extra() != null && o.extraFraction() > 0) {
			extra.addAll(DsbData.load(DsbData.images(o.extra())));
			log.printf("extra: %d labelled images from %s for %.0f %% of the scenes%n", extra.size(), o.extra(), 100 * o.extraFraction());
		}
		if (o.coco() != null && o.extraFraction() > 0) {
			CocoData coco = CocoData.read(o.coco());
			List<DsbData.Item> items = CocoData.items(coco.split("train"), o.cocoImages(), coco.maskedCategories(o.maskCategories()));
			extra.addAll(items);
			log.printf("COCO: %d training images of %s (held-out fifth left out), masks of %s categories, among the extra images%n",
				items.size(), o.coco(), o.maskCategories());
		}
		Photos photos = o.photos() == null ? null : Photos.load(o.photos());
		if (photos != null) log.printf("photographs: %d from %s for synthetic backgrounds and fills%n", photos.size(), o.photos());
		BatchMaker maker = new BatchMaker(new BatchMaker.Recipe(o.images(), o.crop(), o.boxesPerImage(), o.jitter(),
			o.syntheticFraction(), o.minObject(), o.maxObject(), SyntheticScenes.classes(null),
			SyntheticScenes.maskedClasses(o.allClassesMasked()), photos, extra.isEmpty() ? 0 : o.extraFraction(),
				o.net().centerNet() ? o.net().inputSize() : 0),
			nuclei, extra, o.net().maskSize(), o.seed());
		CenterNetBackbone backbone = null;
		if (o.net().centerNet()) {
			if (o.backbone() == null) throw new IllegalArgumentException("A CenterNet network needs --backbone centernet.json");
			backbone = new CenterNetBackbone(o.backbone());
			log.printf("backbone: CenterNet of %s, %s (features at stride %d, %d channels)%n", o.backbone(),
				o.net().fineTuned() ? "fine-tuned" : "frozen", CenterNetBackbone.STRIDE, CenterNetBackbone.CHANNELS);
		}
		Path checkpoint = o.out().resolve(CHECKPOINT);
		ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "batches");
			t.setDaemon(true);
			return t;
		});
		try (TrainGraph graph = new TrainGraph(o.net(), o.threads(), o.net().fineTuned() ? backbone : null);
			CenterNetBackbone.Extractor extractor = backbone == null || o.net().fineTuned() ? null : backbone.extractor(o.threads()))
		{
			// a frozen backbone runs on the batch thread, one step ahead, so the graph trains only what it trains
			java.util.function.LongFunction<Batch> batches = step -> extractor == null ? maker.make(step) : extractor.features(maker.make(step));
			long done = 0;
			double previousSeconds = 0;
			if (Files.isRegularFile(checkpoint)) {
				Properties p = readCheckpoint(checkpoint, graph);
				done = Long.parseLong(p.getProperty("step"));
				previousSeconds = Double.parseDouble(p.getProperty("seconds", "0"));
				log.printf("resuming from %s at step %d%n", checkpoint, done);
			}
			else {
				graph.initialise(o.seed());
			}
			log.printf("training %s: %d steps of %d images x %d boxes, crops %d px, head %s, jitter %.2f, seed %d, %d parameters%n",
				o.net().head(), o.steps(), o.images(), o.boxesPerImage(), o.crop(), o.net().head(), o.jitter(), o.seed(),
				graph.weights().count());
			long start = System.nanoTime();
			double ema = Double.NaN;
			float last = Float.NaN;
			boolean early = false;
			long first = done + 1;
			Future<Batch> next = done < o.steps() ? prefetch.submit(() -> batches.apply(first)) : null;
			for (long step = first; step <= o.steps(); step++) {
				Batch batch = next.get();
				final long following = step + 1;
				next = step < o.steps() ? prefetch.submit(() -> batches.apply(following)) : null;
				last = graph.step(batch, learningRate(step), step);
				ema = Double.isNaN(ema) ? last : 0.95 * ema + 0.05 * last;
				done = step;
				double elapsed = (System.nanoTime() - start) / 1e9;
				double perStep = elapsed / (step - first + 1);
				if (step % 10 == 0 || step == o.steps()) {
					log.printf("step %d/%d  loss %.4f (avg %.4f)  lr %.2e  %.2f s/step  elapsed %s  ETA %s%n", step, o.steps(), last, ema,
						learningRate(step), perStep, time(elapsed), time(perStep * (o.steps() - step)));
					log.flush();
				}
				boolean overTime = o.timeLimitMinutes() > 0 && elapsed > o.timeLimitMinutes() * 60;
				if (step % o.checkpointEvery() == 0 || step == o.steps() || overTime)
					writeCheckpoint(checkpoint, graph, step, previousSeconds + elapsed);
				if (overTime && step < o.steps()) {
					log.printf("time limit of %.1f min reached at step %d of %d: stopping%n", o.timeLimitMinutes(), step, o.steps());
					early = true;
					break;
				}
			}
			double seconds = previousSeconds + (System.nanoTime() - start) / 1e9;
			ParamSet trained = graph.weights();
			Path model = ModelExporter.export(o.net(), trained, o.out().resolve(MODEL), exported(o.net(), backbone, trained));
			log.printf("done: %d steps in %s (this run and any before it); model exported to %s%n", done, time(seconds), model);
			return new Outcome(done, seconds, last, early, model);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Training interrupted", e);
		}
		catch (ExecutionException e) {
			throw new IllegalStateException("Making a batch failed: " + e.getCause(), e.getCause());
		}
		finally {
			prefetch.shutdownNow();
		}
	}

	/** Linear warm-up to the peak rate, then cosine decay to 2 % of it. */
	float learningRate(long step) {
		double peak = options.learningRate();
		if (step <= options.warmup()) return (float) (peak * step / Math.max(1, options.warmup()));
		double p = (double) (step - options.warmup()) / Math.max(1, options.steps() - options.warmup());
		return (float) (peak * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, p)))));
	}

	static String time(double seconds) {
		long s = Math.round(seconds);
		return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
	}

	private void writeCheckpoint(Path file, TrainGraph graph, long step, double seconds) throws IOException {
		Properties p = options.net().toProperties();
		p.setProperty("step", "" + step);
		p.setProperty("seconds", "" + seconds);
		p.setProperty("seed", "" + options.seed());
		if (options.backbone() != null) p.setProperty(BACKBONE_MODEL, options.backbone().toAbsolutePath().toString());
		StringWriter text = new StringWriter();
		p.store(text, null);
		ParamSet[] state = graph.state();
		Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
			out.writeInt(MAGIC);
			out.writeUTF(text.toString());
			for (ParamSet s : state) s.write(out);
		}
		Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** Reads a checkpoint's header and, when a graph is given, loads its weights and moments into it. */
	public static Properties readCheckpoint(Path file, TrainGraph graph) throws IOException {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
			if (in.readInt() != MAGIC) throw new IOException(file + " is not a Deep-MAC training checkpoint");
			Properties p = new Properties();
			p.load(new StringReader(in.readUTF()));
			if (graph != null) {
				NetConfig saved = NetConfig.fromProperties(p);
				if (!saved.equals(graph.config())) throw new IllegalArgumentException("Checkpoint " + file + " is of network "
					+ saved + ", not " + graph.config() + ": use another --out folder or the same options");
				ParamSet w = ParamSet.read(in), m = ParamSet.read(in), v = ParamSet.read(in);
				graph.load(w, m, v);
			}
			return p;
		}
	}

	/**
	 * Exports the model of a run folder's checkpoint to {@code run/model} without training (a snapshot mid-run, or
	 * the finished run calibrated), with {@code maskThreshold} as in {@link ModelExporter#export(NetConfig, ParamSet,
	 * Path, CenterNetBackbone, double)}.
	 *
	 * @param backbone the CenterNet's {@code centernet.json} when it is no longer where the checkpoint says, else null
	 */
	public static Path exportCheckpoint(Path run, Path backbone, double maskThreshold) throws IOException {
		Path file = run.resolve(CHECKPOINT);
		if (!Files.isRegularFile(file)) throw new IllegalArgumentException("No training checkpoint " + file);
		Properties p = readCheckpoint(file, null);
		NetConfig config = NetConfig.fromProperties(p);
		CenterNetBackbone centerNet = null;
		if (config.centerNet()) {
			Path json = backbone != null ? backbone : Path.of(p.getProperty(BACKBONE_MODEL));
			if (!Files.isRegularFile(json)) throw new IllegalArgumentException("The backbone " + json + (backbone != null
				? " does not exist" : " that checkpoint " + file + " was trained with is not there any more")
				+ ": give its centernet.json with --backbone");
			centerNet = new CenterNetBackbone(json);
		}
		else if (backbone != null) throw new IllegalArgumentException("Checkpoint " + file + " is of a network without a "
			+ "CenterNet backbone: leave out --backbone");
		ParamSet trained = checkpointWeights(file);
		return ModelExporter.export(config, trained, run.resolve(MODEL), exported(config, centerNet, trained),
			maskThreshold);
	}

	/** The backbone to export: as read, or with its fine-tuned weights. */
	private static CenterNetBackbone exported(NetConfig config, CenterNetBackbone backbone, ParamSet trained) {
		return config.fineTuned() ? backbone.withWeights(TrainGraph.backboneWeights(trained)) : backbone;
	}

	/** The weights of a checkpoint and its network, for export without training. */
	public static ParamSet checkpointWeights(Path file) {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
			if (in.readInt() != MAGIC) throw new IOException(file + " is not a Deep-MAC training checkpoint");
			in.readUTF();
			return ParamSet.read(in);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
