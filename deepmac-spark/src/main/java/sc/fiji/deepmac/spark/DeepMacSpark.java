package sc.fiji.deepmac.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import sc.fiji.deepmac.batch.ImageFiles;
import sc.fiji.deepmac.batch.ImageInputException;
import sc.fiji.deepmac.box.BoxFiles;
import sc.fiji.deepmac.cli.DeepMacCli;
import sc.fiji.deepmac.cli.LimitOptions;
import sc.fiji.deepmac.cli.ModelOptions;
import sc.fiji.deepmac.io.CsvOutput;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.options.RunLimits;
import sc.fiji.deepmac.options.RunSettings;

/**
 * {@code deepmac-spark}: the {@code batch} command as one Spark application. The driver lists the images (a folder, or
 * a text file of image paths, on any Hadoop file system), keeps those with boxes beside them ({@code <stem>.csv},
 * {@code .zip}, {@code .roi}) and without complete outputs, and runs one task per image ({@link ImageTask}); a TIFF
 * stack of at least {@code --split-from} (z, t) planes runs as one task per plane ({@link PlaneTask}) and one task
 * that merges them into the stack's outputs ({@link StackMerge}). A bad image, or images that would write the same
 * outputs, are rows of the summary, not a failed job. The summary table goes to {@code OUT/deepmac-summary.csv}. The
 * output folder is locked for the job ({@link OutputFolderLock}).
 */
@Command(name = "deepmac-spark", mixinStandardHelpOptions = true,
	description = "Segment every image of a folder (or of a list) that has <stem>.csv, .zip or .roi beside it, as a Spark job.",
	exitCodeListHeading = "%nExit codes:%n",
	exitCodeList = { "0:done", "2:bad usage or input (some images failed on their input)", "3:model problem",
		"1:anything else" })
public final class DeepMacSpark implements Callable<Integer> {

	static final String SUMMARY = "deepmac-summary.csv";
	/**
	 * Stacks from this many planes on run as plane tasks. Below it, a stack costs a task about what a few images cost,
	 * and the tasks of the other images keep the executors busy; above it, one task would run much longer than the
	 * others, and its planes are spread over the executors.
	 */
	static final int DEFAULT_SPLIT_FROM = 8;

	@Option(names = "--input", required = true, paramLabel = "URI",
		description = "A folder of images and box files, or a text file listing images (one path or URI a line)")
	String input;

	@Option(names = "--out", required = true, paramLabel = "URI", description = "Output folder (any Hadoop file system)")
	String out;

	@Option(names = "--master", paramLabel = "MASTER",
		description = "Spark master, e.g. local[2], when not given by spark-submit (default: local[*])")
	String master;

	@Option(names = "--overwrite", description = "Redo images whose outputs are already complete")
	boolean overwrite;

	@Option(names = "--split-from", paramLabel = "PLANES", defaultValue = "" + DEFAULT_SPLIT_FROM,
		description = "Run a TIFF stack of at least PLANES (z, t) planes as one task per plane, merged into the "
			+ "stack's outputs; 0 runs every image as one task (default: ${DEFAULT-VALUE})")
	int splitFrom;

	@Option(names = "--verbose", description = "Print stack traces with errors")
	boolean verbose;

	@Mixin
	ModelOptions model;

	@Mixin
	LimitOptions limits;

	/** What the last run did, for tests and callers in the same JVM. */
	List<ImageResult> results = List.of();
	/** How many plane tasks the last run ran. */
	int planeTasks;
	/** How many of them found their plane saved by an earlier run that was killed before its merge. */
	int planesSaved;

	public static void main(String[] args) {
		System.exit(DeepMacCli.run(new CommandLine(new DeepMacSpark()), args));
	}

	@Override
	public Integer call() throws Exception {
		// A folder path goes to the executors as given (relative: to their working folder, where spark-submit's
		// --archives unpacks it); an installed model's name as the folder it names here (local runs, shared file systems).
		RunSettings given = model.settings();
		RunLimits runLimits = limits.limits();
		String folder = ModelLocator.resolve(given.model()).toString();
		boolean path = !given.model().isBlank() && java.nio.file.Files.isDirectory(java.nio.file.Paths.get(given.model()));
		RunSettings settings = given.withModel(path ? given.model() : java.nio.file.Paths.get(folder).toAbsolutePath().toString());
		SparkConf conf = new SparkConf().setAppName("deepmac-spark");
		if (master != null) conf.setMaster(master);
		else conf.setIfMissing("spark.master", "local[*]");
		conf.setIfMissing("spark.ui.enabled", "false");
		try (JavaSparkContext spark = new JavaSparkContext(conf)) {
			spark.setLogLevel("WARN");
			HadoopConf hadoop = new HadoopConf(spark.hadoopConfiguration());
			Path outDir = new Path(out);
			try (OutputFolderLock lock = OutputFolderLock.acquire(hadoop.fileSystem(outDir), outDir, jobName(spark))) {
				return runLocked(spark, hadoop, outDir, settings, runLimits);
			}
		}
	}

	private int runLocked(JavaSparkContext spark, HadoopConf hadoop, Path outDir, RunSettings settings,
		RunLimits runLimits) throws IOException, InterruptedException
	{
		List<Path> images = images(hadoop, new Path(input), outDir);
		Map<String, String> sharedStems = OutputSet.sharedStems(images.stream().map(Path::toString).toList());
		List<ImageTask> tasks = new ArrayList<>();
		List<ImageResult> refused = new ArrayList<>();
		int skipped = 0;
		for (Path image : images) {
			Path boxes = boxesOf(hadoop, image);
			String stem = OutputSet.stem(image.toString());
			if (sharedStems.containsKey(image.toString()))
				refused.add(new ImageResult(image.toString(), 0, 0, 0, sharedStems.get(image.toString()), Map.of()));
			else if (boxes == null) System.err.println("skipped " + image + ": no " + stem + ".csv, .zip or .roi beside it");
			else if (!overwrite && new OutputFiles(hadoop.fileSystem(outDir), outDir, stem).isComplete()) {
				System.err.println("skipped " + image + ": outputs complete (--overwrite redoes it)");
				skipped++;
			}
			else tasks.add(new ImageTask(image.toString(), boxes.toString(), outDir.toString(), settings, runLimits,
				hadoop));
		}
		long start = System.nanoTime();
		List<ImageResult> done = new ArrayList<>(refused);
		done.addAll(run(spark, tasks, planes(spark, hadoop, tasks, runLimits.maxPixels())));
		done.sort(Comparator.comparing(ImageResult::image));
		double seconds = (System.nanoTime() - start) / 1e9;
		results = done;
		writeSummary(hadoop, outDir, done);
		return report(done, skipped, planeTasks, planesSaved, seconds);
	}

	/** Who holds the output folder, as its lock marker says. */
	private static String jobName(JavaSparkContext spark) {
		String host;
		try {
			host = java.net.InetAddress.getLocalHost().getHostName();
		}
		catch (IOException unknown) {
			host = "an unnamed host";
		}
		return "Spark application " + spark.sc().applicationId() + " of " + System.getProperty("user.name") + " on " + host
			+ ", started " + java.time.Instant.now();
	}

	/** Whether a stack of {@code planes} (z, t) planes runs as one task per plane. */
	static boolean splitsIntoPlanes(int planes, int splitFrom) {
		return splitFrom > 0 && planes > 1 && planes >= splitFrom;
	}

	/**
	 * The number of planes of each task's image that may be split (a TIFF), read from the headers by executors, in
	 * parallel: the driver reads no image. A file declaring more than {@code maxPixels} pixels is not split.
	 */
	private Map<String, Integer> planes(JavaSparkContext spark, HadoopConf hadoop, List<ImageTask> tasks,
		long maxPixels)
	{
		List<String> tiffs = splitFrom <= 0 ? List.of() : tasks.stream().map(ImageTask::image).filter(image -> {
			String name = new Path(image).getName().toLowerCase(Locale.ROOT);
			return name.endsWith(".tif") || name.endsWith(".tiff");
		}).toList();
		Map<String, Integer> planes = new HashMap<>();
		if (tiffs.isEmpty()) return planes;
		List<Integer> counts = spark.parallelize(tiffs, Math.min(tiffs.size(), 4 * spark.defaultParallelism()))
			.map(image -> StackFiles.planes(image, maxPixels, hadoop)).collect();
		for (int i = 0; i < tiffs.size(); i++) planes.put(tiffs.get(i), counts.get(i));
		return planes;
	}

	/**
	 * Runs the tasks: each stack to split as a Spark job of its own (its plane tasks, then its merge, so that its
	 * outputs are published as soon as its planes are done), largest first, then one job for the other images. The
	 * jobs run side by side, in that order of priority (Spark's FIFO scheduling).
	 */
	private List<ImageResult> run(JavaSparkContext spark, List<ImageTask> tasks, Map<String, Integer> planes)
		throws InterruptedException, IOException
	{
		List<ImageTask> whole = new ArrayList<>(), split = new ArrayList<>();
		for (ImageTask task : tasks)
			(splitsIntoPlanes(planes.getOrDefault(task.image(), 1), splitFrom) ? split : whole).add(task);
		split.sort(Comparator.comparing((ImageTask task) -> planes.get(task.image())).reversed());
		Map<ImageTask, JavaFutureAction<List<ImageResult>>> jobs = new LinkedHashMap<>();
		planeTasks = 0;
		planesSaved = 0;
		for (ImageTask task : split) {
			StackFiles stack = new StackFiles(task.image(), task.boxes(), task.limits(), task.conf());
			SavedPlanes saved = SavedPlanes.of(task.conf(), new Path(task.outDir()), task.image(), task.boxes(),
				task.settings());
			if (overwrite) saved.clear();
			planesSaved += saved.count();
			List<PlaneTask> ofStack = IntStream.range(0, planes.get(task.image())).mapToObj(i -> new PlaneTask(stack, i,
				task.settings(), saved)).toList();
			planeTasks += ofStack.size();
			StackMerge merge = new StackMerge(stack, task.outDir(), task.settings(), saved);
			jobs.put(task, spark.parallelize(ofStack, ofStack.size()).map(PlaneTask::run).repartition(1)
				.mapPartitions(merge::merge).collectAsync());
		}
		JavaFutureAction<List<ImageResult>> rest = whole.isEmpty() ? null
			: spark.parallelize(whole, whole.size()).map(ImageTask::run).collectAsync();
		List<ImageResult> done = new ArrayList<>();
		for (Map.Entry<ImageTask, JavaFutureAction<List<ImageResult>>> job : jobs.entrySet()) {
			try {
				done.addAll(job.getValue().get());
			}
			catch (ExecutionException e) {
				// a task that Spark gave up on (lost executors, out of memory): this stack fails, the others go on
				Throwable cause = e.getCause() == null ? e : e.getCause();
				done.add(new ImageResult(job.getKey().image(), 0, 0, 0, "Spark failed its tasks: " + String.valueOf(
					cause.getMessage()).replace('\n', ' '), Map.of()));
			}
		}
		if (rest != null) {
			try {
				done.addAll(rest.get());
			}
			catch (ExecutionException e) {
				throw new IllegalStateException("Spark failed the job: " + e.getCause(), e.getCause());
			}
		}
		return done;
	}

	/** The images of a folder (not our outputs), or those a list file names. */
	static List<Path> images(HadoopConf hadoop, Path input, Path outDir) throws IOException {
		FileSystem fs = hadoop.fileSystem(input);
		if (!fs.exists(input)) throw new ImageInputException("Input " + input + " does not exist");
		List<Path> images = new ArrayList<>();
		if (fs.getFileStatus(input).isDirectory()) {
			Path out = fs.makeQualified(outDir);
			for (FileStatus f : fs.listStatus(input)) {
				String name = f.getPath().getName();
				boolean ours = fs.makeQualified(f.getPath().getParent()).equals(out) && name.endsWith(OutputSet.LABELS_SUFFIX);
				if (f.isFile() && ImageFiles.hasImageExtension(name) && !ours) images.add(f.getPath());
			}
		}
		else {
			try (BufferedReader lines = new BufferedReader(new InputStreamReader(fs.open(input), StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine())
					if (!line.isBlank() && !line.startsWith("#")) images.add(new Path(input.getParent(), line.trim()));
			}
		}
		images.sort(null);
		return images;
	}

	/** {@code <stem>.csv}, {@code .zip} or {@code .roi} beside the image, as {@link BoxFiles#siblingOf} finds them. */
	private static Path boxesOf(HadoopConf hadoop, Path image) throws IOException {
		FileSystem fs = hadoop.fileSystem(image);
		String stem = OutputSet.stem(image.toString());
		for (String extension : BoxFiles.EXTENSIONS) {
			Path candidate = new Path(image.getParent(), stem + "." + extension);
			if (fs.isFile(candidate)) return candidate;
		}
		return null;
	}

	/** OUT/deepmac-summary.csv, written under a temporary name and renamed. */
	private static void writeSummary(HadoopConf hadoop, Path outDir, List<ImageResult> results) throws IOException {
		FileSystem fs = hadoop.fileSystem(outDir);
		fs.mkdirs(outDir);
		Path target = new Path(outDir, SUMMARY), temporary = new Path(outDir, "." + SUMMARY + "." + UUID.randomUUID() + ".tmp");
		try (OutputStream os = fs.create(temporary, true)) {
			os.write(CsvOutput.format(ImageResult.HEADER, results.stream().map(ImageResult::row).toList())
				.getBytes(StandardCharsets.UTF_8));
		}
		fs.delete(target, false);
		if (!fs.rename(temporary, target)) throw new IOException("Cannot rename " + temporary + " to " + target);
	}

	/** The summary on stderr; the exit code as {@code batch} gives it. */
	private static int report(List<ImageResult> done, int complete, int planeTasks, int planesSaved, double seconds) {
		Map<String, Integer> loads = new TreeMap<>();
		for (ImageResult r : done) r.modelLoads().forEach((jvm, n) -> loads.merge(jvm, n, Math::max));
		int failed = 0;
		for (ImageResult r : done)
			if (r.failed()) {
				failed++;
				System.err.println("error: " + r.image() + ": " + r.error());
			}
		System.err.println(String.format(Locale.ROOT, "Spark: %d segmented, %d already complete, %d failed in %.1f s "
			+ "(%.2f images/s; %d plane tasks, %d planes saved by an earlier run); %d executor JVM(s), model loads per JVM: %s",
			done.size() - failed, complete, failed, seconds, done.isEmpty() ? 0 : done.size() / seconds, planeTasks,
			planesSaved, loads.size(), loads.values()));
		return failed == 0 ? DeepMacCli.OK : DeepMacCli.BAD_INPUT;
	}
}
