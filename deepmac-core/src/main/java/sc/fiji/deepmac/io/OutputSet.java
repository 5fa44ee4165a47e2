package sc.fiji.deepmac.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where the outputs of one input image go: {@code <stem>_labels.tif}, {@code <stem>_rois.zip} and
 * {@code <stem>_instances.csv} in {@code outDir}. Each file is written atomically, so a file that exists is
 * complete; a run that stopped between files leaves the set incomplete, to be redone.
 */
public record OutputSet(Path outDir, String stem) {

	/** Ending of label image names, so a batch can tell its own outputs from inputs. */
	public static final String LABELS_SUFFIX = "_labels.tif";
	private static final String OME_SUFFIX = ".ome";

	public OutputSet {
		Objects.requireNonNull(outDir, "outDir");
		if (stem == null || stem.isEmpty()) throw new IllegalArgumentException("The stem of an output set is empty");
	}

	public Path labels() {
		return outDir.resolve(stem + LABELS_SUFFIX);
	}

	public Path rois() {
		return outDir.resolve(stem + "_rois.zip");
	}

	public Path table() {
		return outDir.resolve(stem + "_instances.csv");
	}

	/** The three outputs in the order they are written: the table, which marks the set complete, last. */
	public List<Path> files() {
		return List.of(labels(), rois(), table());
	}

	/** Whether all three outputs exist as non-empty regular files. */
	public boolean isComplete() {
		return files().stream().allMatch(OutputSet::isNonEmptyFile);
	}

	/**
	 * The image's file name without its extension: {@code a.b.tif} gives {@code a.b}. OME-TIFF names lose both
	 * parts ({@code cells.ome.tif} gives {@code cells}); a name starting with its only dot is kept whole.
	 */
	public static String stem(Path image) {
		Path fileName = image.getFileName();
		if (fileName == null) throw new IllegalArgumentException("Not a file path: " + image);
		String stem = withoutExtension(fileName.toString());
		boolean ome = stem.toLowerCase(Locale.ROOT).endsWith(OME_SUFFIX) && stem.length() > OME_SUFFIX.length();
		return ome ? stem.substring(0, stem.length() - OME_SUFFIX.length()) : stem;
	}

	/**
	 * The images among {@code images} (paths or URIs, '/' between folders) whose outputs another of them would
	 * overwrite, each with the one-line error that refuses it: the same stem up to case, as a.png and a.TIF, or one
	 * name in two folders of a list. Every image of such a group is refused, since none is the obvious one to keep.
	 */
	public static Map<String, String> sharedStems(List<String> images) {
		Map<String, List<String>> byStem = images.stream().collect(Collectors.groupingBy(
			image -> stem(image).toLowerCase(Locale.ROOT), LinkedHashMap::new, Collectors.toList()));
		Map<String, String> problems = new LinkedHashMap<>();
		for (String image : images) {
			List<String> same = byStem.get(stem(image).toLowerCase(Locale.ROOT));
			if (same.size() > 1) problems.put(image, image + ": " + String.join(", ", same) + " would write the same outputs "
				+ stem(image) + "_*: rename all but one of them");
		}
		return problems;
	}

	/**
	 * The stem of an image named by a path or URI with '/' between folders (a Hadoop path, a URL), as
	 * {@link #stem(Path)} gives it for its last part.
	 */
	public static String stem(String image) {
		return stem(Path.of(image.substring(image.lastIndexOf('/') + 1)));
	}

	private static String withoutExtension(String name) {
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	private static boolean isNonEmptyFile(Path file) {
		try {
			return Files.isRegularFile(file) && Files.size(file) > 0;
		}
		catch (IOException vanished) {
			return false;
		}
	}
}
