package sc.fiji.deepmac.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import ij.ImagePlus;
import ij.gui.Roi;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.BoxFiles;
import sc.fiji.deepmac.box.StackShape;
import sc.fiji.deepmac.io.AtomicFiles;
import sc.fiji.deepmac.io.CsvOutput;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.io.RoiSetOutput;
import sc.fiji.deepmac.io.TiffOutput;
import sc.fiji.deepmac.segment.Instance;
import sc.fiji.deepmac.segment.InstanceTable;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationResult;
import sc.fiji.deepmac.segment.Segmenter;

/**
 * Segments one image file with the boxes of another and writes the three outputs, each atomically. The
 * segmenter (and so the model) is made on first use, after the first image and its boxes have been read: bad
 * input fails fast, without loading a model.
 */
public final class FileSegmentation {

	private final Supplier<Segmenter> segmenterFactory;
	private Segmenter segmenter;

	public FileSegmentation(Supplier<Segmenter> segmenterFactory) {
		this.segmenterFactory = segmenterFactory;
	}

	/**
	 * Writes labels, ROIs and then the table, which marks the set complete: an existing table is removed first,
	 * so a run that fails half-way leaves a set that a batch re-run sees as incomplete. Temporaries that a killed
	 * run left beside the outputs are removed.
	 */
	public SegmentationResult run(Path imageFile, Path boxesFile, OutputSet out, ProgressListener progress)
		throws IOException
	{
		ImagePlus image = ImageFiles.open(imageFile);
		List<String> warnings = new ArrayList<>();
		List<Box> boxes = BoxFiles.read(boxesFile, StackShape.of(image), warnings);
		warnings.forEach(progress::warn);
		if (segmenter == null) segmenter = segmenterFactory.get();
		SegmentationResult result = segmenter.segment(image, boxes, progress);
		for (Path output : List.of(out.labels(), out.rois(), out.table())) AtomicFiles.deleteStaleTemporaries(output);
		Files.deleteIfExists(out.table());
		TiffOutput.write(result.labels(), out.labels());
		List<Roi> rois = result.instances().stream().map(Instance::roi).filter(Objects::nonNull).toList();
		RoiSetOutput.write(rois, out.rois());
		InstanceTable table = new InstanceTable(result.instances(), image.getCalibration()).withModel(result.model());
		CsvOutput.write(table.header(), table.rows(), out.table());
		return result;
	}
}
