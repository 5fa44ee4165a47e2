package sc.fiji.deepmac.batch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.box.BoxFiles;
import sc.fiji.deepmac.io.InputPaths;
import sc.fiji.deepmac.io.OutputLock;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.segment.ProgressListener;

/**
 * Segments every image of a folder that has a box file beside it ({@code <stem>.csv}, {@code .zip} or
 * {@code .roi}). One bad file does not stop the batch; images whose outputs are complete are skipped unless
 * {@code overwrite} is set.
 */
public final class BatchRunner {

	private final FileSegmentation segmentation;
	private final boolean overwrite;
	private final PrintStream log;
	private final Progress progress;

	/** How a batch shows its progress (the CLI: a console progress bar with ETA). */
	public interface Progress {
		Progress NONE = new Progress() {};

		/** The batch starts on {@code images} images. */
		default void start(int images) {}

		/** {@code image} is next. */
		default void image(Path image) {}

		/** The image given last is done, well or not. */
		default void step() {}

		/** The batch is over. */
		default void end() {}
	}

	public BatchRunner(FileSegmentation segmentation, boolean overwrite, PrintStream log, Progress progress) {
		this.segmentation = segmentation;
		this.overwrite = overwrite;
		this.log = log;
		this.progress = progress;
	}

	/** What a batch did. */
	public record Summary(List<Path> done, List<Path> alreadyComplete, List<Path> withoutBoxes,
		List<String> failures, boolean onlyInputFailures)
	{
		public boolean failed() {
			return !failures.isEmpty();
		}
	}

	/**
	 * Segments the folder's images into {@code outDir}, which is locked for the run ({@link OutputLock}). Images whose
	 * names differ only in the extension (a.png, a.tif) would write the same outputs: each of them fails.
	 *
	 * @throws UserError of kind MODEL or DEVICE at the first image that cannot be segmented for that reason: the
	 *           batch stops, since every other image would fail the same way
	 */
	public Summary run(Path inputDir, Path outDir) throws IOException {
		String problem = InputPaths.folderProblem(inputDir);
		if (problem != null) throw new ImageInputException("Input folder " + inputDir + " " + problem);
		try (OutputLock lock = OutputLock.acquire(outDir)) {
			return runLocked(inputDir, outDir);
		}
	}

	private Summary runLocked(Path inputDir, Path outDir) throws IOException {
		Path realOut = outDir.toRealPath();
		List<Path> images;
		try (Stream<Path> files = Files.list(inputDir)) {
			images = files.filter(ImageFiles::isImage).filter(f -> !isOurOutput(f, realOut)).sorted().toList();
		}
		List<Path> done = new ArrayList<>(), complete = new ArrayList<>(), withoutBoxes = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		boolean onlyInput = true;
		Map<String, String> sharedStems = OutputSet.sharedStems(images.stream().map(p -> p.getFileName().toString())
			.toList());
		List<Path> todo = new ArrayList<>();
		for (Path image : images) {
			String stem = OutputSet.stem(image), shared = sharedStems.get(image.getFileName().toString());
			if (shared != null) failures.add(shared);
			else if (BoxFiles.siblingOf(image, stem) == null) withoutBoxes.add(image);
			else if (!overwrite && new OutputSet(outDir, stem).isComplete()) complete.add(image);
			else todo.add(image);
		}
		for (Path skipped : withoutBoxes)
			log.println("skipped " + skipped.getFileName() + ": no " + String.join(", ", BoxFiles.EXTENSIONS.stream()
				.map(e -> OutputSet.stem(skipped) + "." + e).toList()) + " beside it");
		for (Path skipped : complete)
			log.println("skipped " + skipped.getFileName() + ": outputs complete (--overwrite redoes it)");
		progress.start(todo.size());
		try {
			for (Path image : todo) {
				String stem = OutputSet.stem(image);
				progress.image(image);
				try {
					segmentation.run(image, BoxFiles.siblingOf(image, stem), new OutputSet(outDir, stem), new ProgressListener() {
						@Override
						public void warn(String message) {
							log.println("warning: " + image.getFileName() + ": " + message);
						}
					});
					done.add(image);
				}
				catch (UserError e) {
					if (e.kind() == UserError.Kind.MODEL || e.kind() == UserError.Kind.DEVICE) throw e;
					failures.add(image.getFileName() + ": " + e.getMessage());
					onlyInput &= e.kind() == UserError.Kind.INPUT;
				}
				catch (IOException | RuntimeException e) {
					failures.add(image.getFileName() + ": " + e);
					onlyInput = false;
				}
				progress.step();
			}
		}
		finally {
			progress.end();
		}
		for (String failure : failures) log.println("error: " + failure);
		log.println("Batch: " + done.size() + " segmented, " + complete.size() + " already complete, "
			+ withoutBoxes.size() + " without boxes, " + failures.size() + " failed");
		return new Summary(done, complete, withoutBoxes, failures, onlyInput);
	}

	/** Label images that an earlier batch wrote into the input folder (however it was spelled) are not inputs. */
	private static boolean isOurOutput(Path file, Path realOutDir) {
		try {
			return file.getFileName().toString().endsWith(OutputSet.LABELS_SUFFIX) && file.toRealPath().getParent()
				.equals(realOutDir);
		}
		catch (IOException vanished) {
			return false;
		}
	}
}
