package sc.fiji.deepmac.box;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import sc.fiji.deepmac.io.InputPaths;

/** Reads box prompts from a file, by its extension: a CSV table, an ImageJ {@code .roi} or a RoiSet {@code .zip}. */
public final class BoxFiles {

	/** The extensions of box files, in the order a batch looks for a sibling of an image. */
	public static final List<String> EXTENSIONS = List.of("csv", "zip", "roi");

	private BoxFiles() {}

	public static List<Box> read(Path file, StackShape shape, List<String> warnings) {
		String problem = InputPaths.fileProblem(file);
		if (problem != null) throw new BoxInputException("Boxes file " + file + " " + problem);
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".csv")) return BoxCsv.read(file, shape);
		if (name.endsWith(".roi") || name.endsWith(".zip")) return RoiBoxes.fromRois(RoiFiles.read(file), shape, warnings);
		throw new BoxInputException("Boxes file " + file + " is neither .csv, .roi nor .zip");
	}

	/** The box file beside an image: {@code <stem>.csv}, {@code .zip} or {@code .roi}, or null. */
	public static Path siblingOf(Path image, String stem) {
		for (String ext : EXTENSIONS) {
			Path candidate = image.resolveSibling(stem + "." + ext);
			if (Files.isRegularFile(candidate)) return candidate;
		}
		return null;
	}
}
