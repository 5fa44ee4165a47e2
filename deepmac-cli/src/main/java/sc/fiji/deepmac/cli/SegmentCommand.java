package sc.fiji.deepmac.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import sc.fiji.deepmac.batch.FileSegmentation;
import sc.fiji.deepmac.batch.ImageInputException;
import sc.fiji.deepmac.box.BoxInputException;
import sc.fiji.deepmac.io.InputPaths;
import sc.fiji.deepmac.io.OutputLock;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationResult;

@Command(name = "segment", mixinStandardHelpOptions = true,
	description = "Segment one image: writes OUT/<stem>_labels.tif, OUT/<stem>_rois.zip and OUT/<stem>_instances.csv.")
final class SegmentCommand implements Callable<Integer> {

	@Option(names = "--image", required = true, paramLabel = "IMG", description = "Image file (anything ImageJ opens)")
	Path image;

	@ArgGroup(exclusive = true, multiplicity = "1")
	BoxSource boxes;

	static final class BoxSource {
		@Option(names = "--boxes", required = true, paramLabel = "CSV",
			description = "Boxes table: header x,y,width,height in pixels, optional slice (1-based) and name")
		Path csv;

		@Option(names = "--rois", required = true, paramLabel = "ROIS", description = "ImageJ RoiSet .zip or a .roi file")
		Path rois;

		Path file() {
			return csv != null ? csv : rois;
		}
	}

	@Mixin
	ModelOptions model;

	@Mixin
	LimitOptions limits;

	@Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the image's folder)")
	Path out;

	@Override
	public Integer call() throws Exception {
		// Checked before the output folder is locked, which creates it
		String problem = InputPaths.fileProblem(image);
		if (problem != null) throw new ImageInputException("Image " + image + " " + problem);
		problem = InputPaths.fileProblem(boxes.file());
		if (problem != null) throw new BoxInputException("Boxes file " + boxes.file() + " " + problem);
		Path outDir = out != null ? out : image.toAbsolutePath().getParent();
		OutputSet outputs = new OutputSet(outDir, OutputSet.stem(image));
		FileSegmentation segmentation = limits.fileSegmentation(model);
		SegmentationResult result;
		try (OutputLock lock = OutputLock.acquire(outDir)) {
			result = segmentation.run(image, boxes.file(), outputs, new ProgressListener() {
				@Override
				public void warn(String message) {
					System.err.println("warning: " + message);
				}
			});
		}
		long masks = result.instances().stream().filter(i -> i.area() > 0).count();
		long hidden = result.instances().stream().filter(i -> i.area() > 0 && i.inLabels() == 0).count();
		System.out.println(masks + " of " + result.instances().size() + " masks non-empty"
			+ (hidden > 0 ? " (" + hidden + " hidden in the label image)" : "") + "; wrote " + outputs.labels()
			+ ", " + outputs.rois() + ", " + outputs.table());
		return DeepMacCli.OK;
	}
}
