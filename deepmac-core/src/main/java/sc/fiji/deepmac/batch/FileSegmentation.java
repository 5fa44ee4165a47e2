package sc.fiji.deepmac.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.Calibration;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.BoxFiles;
import sc.fiji.deepmac.box.StackShape;
import sc.fiji.deepmac.io.AtomicFiles;
import sc.fiji.deepmac.io.CsvOutput;
import sc.fiji.deepmac.io.IoWriter;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.io.RoiSetOutput;
import sc.fiji.deepmac.io.TiffOutput;
import sc.fiji.deepmac.segment.Instance;
import sc.fiji.deepmac.segment.InstanceTable;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationResult;
import sc.fiji.deepmac.segment.Segmenter;

/**
 * Segments one image file with the boxes of another and writes the three outputs. The segmenter (and so the model)
 * is made on first use, after the first image and its boxes have been read: bad input fails fast, without loading
 * a model. No output may replace an input.
 */
public final class FileSegmentation {

	private final Supplier<Segmenter> segmenterFactory;
	private final long maxPixels;
	private Segmenter segmenter;

	/** Opens images up to {@link ImageFiles#maxPixels()}. */
	public FileSegmentation(Supplier<Segmenter> segmenterFactory) {
		this(segmenterFactory, ImageFiles.maxPixels());
	}

	/** @param maxPixels the largest image opened, in pixels (width x height x planes) */
	public FileSegmentation(Supplier<Segmenter> segmenterFactory, long maxPixels) {
		this.segmenterFactory = segmenterFactory;
		this.maxPixels = maxPixels;
	}

	/**
	 * Writes labels, ROIs and then the table, which marks the set complete, all three first to temporary files:
	 * an earlier complete set stays until its replacement is written (see {@link AtomicFiles#writeAll}).
	 * Temporaries that a killed run left beside the outputs are removed.
	 *
	 * @throws UserError of kind INPUT when an output would replace the image or boxes file, of kind MEMORY when
	 *           Java runs out of memory
	 */
	public SegmentationResult run(Path imageFile, Path boxesFile, OutputSet out, ProgressListener progress)
		throws IOException
	{
		refuseReplacing(out, imageFile, boxesFile);
		ImagePlus image;
		SegmentationResult result;
		try {
			image = ImageFiles.open(imageFile, maxPixels);
			List<String> warnings = new ArrayList<>();
			List<Box> boxes = BoxFiles.read(boxesFile, StackShape.of(image), warnings);
			warnings.forEach(progress::warn);
			if (segmenter == null) segmenter = segmenterFactory.get();
			result = segmenter.segment(image, boxes, progress);
		}
		catch (OutOfMemoryError e) {
			throw UserError.outOfJavaMemory(imageFile.toString(), e);
		}
		write(result, image.getCalibration(), out);
		return result;
	}

	/**
	 * Writes a segmentation's outputs as {@link #run} does: the label image, the ROIs of the non-empty masks and the
	 * instance table (its areas in {@code calibration}'s units, the model's provenance on each row), the table last.
	 * Temporaries that a killed run left beside the outputs are removed.
	 */
	public static void write(SegmentationResult result, Calibration calibration, OutputSet out) throws IOException {
		for (Path output : out.files()) AtomicFiles.deleteStaleTemporaries(output);
		List<Roi> rois = result.instances().stream().map(Instance::roi).filter(Objects::nonNull).toList();
		InstanceTable table = new InstanceTable(result.instances(), calibration).withModel(result.model());
		LinkedHashMap<Path, IoWriter> outputs = new LinkedHashMap<>();
		outputs.put(out.labels(), TiffOutput.writer(result.labels(), out.labels()));
		outputs.put(out.rois(), RoiSetOutput.writer(rois));
		outputs.put(out.table(), CsvOutput.writer(table.header(), table.rows()));
		AtomicFiles.writeAll(outputs);
	}

	/** Refuses outputs that are, under any spelling or link, the image or boxes file. */
	private static void refuseReplacing(OutputSet out, Path... inputs) throws IOException {
		for (Path output : out.files())
			for (Path input : inputs)
				if (Files.exists(output) && Files.exists(input) && Files.isSameFile(output, input))
					throw new UserError(UserError.Kind.INPUT, "The output " + output + " would replace the input " + input
						+ ": write the outputs to another folder (--out) or rename the input");
	}
}
