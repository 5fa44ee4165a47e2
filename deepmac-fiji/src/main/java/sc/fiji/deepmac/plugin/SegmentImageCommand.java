package sc.fiji.deepmac.plugin;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.BoxFiles;
import sc.fiji.deepmac.imglib2.AxisOrder;
import sc.fiji.deepmac.imglib2.ImgLib2Result;
import sc.fiji.deepmac.imglib2.ImgLib2Segmenter;
import sc.fiji.deepmac.io.CsvOutput;
import sc.fiji.deepmac.options.RunSettings;
import sc.fiji.deepmac.segment.InstanceTable;
import sc.fiji.deepmac.segment.ProgressListener;

/**
 * Deep-MAC over ImgLib2 images, for ImageJ2: an image (in Fiji the active Dataset) and a boxes file in, the label
 * image ({@code UnsignedShortType}, {@code UnsignedIntType} past 65,535 labels; the input's axes without C) and the
 * instance table (CSV text) out. For {@code #@} scripts, {@code CommandService.run(...)} and headless runs; like
 * {@link SegmentRoisCommand} it has no menu path (the menu item is the ImageJ 1.x plugin).
 */
@Plugin(type = Command.class, label = "Deep-MAC Segment Image (ImgLib2)", headless = true,
	description = "Turns the boxes of a file into instance masks of an ImgLib2 image with a Deep-MAC model: "
		+ "label image and instance table")
public class SegmentImageCommand extends DeepMacCommand {

	@Parameter(label = "Image")
	private RandomAccessibleInterval<?> image;

	@Parameter(label = "Axes", required = false, persist = false,
		description = "One letter per dimension from X, Y, C, Z, T, X and Y first (XY, XYZ, XYT, XYCZT); "
			+ "empty: the image's own axes, or XY for a 2D image")
	private String axes = "";

	@Parameter(label = "Boxes file", persist = false, style = "extensions:csv/roi/zip",
		description = "CSV with columns x,y,width,height and optionally slice (a stack index) and name; "
			+ "or a .roi file or RoiSet .zip")
	private File boxes;

	@Parameter(label = "Labels", type = ItemIO.OUTPUT)
	private Img<?> labels;

	@Parameter(label = "Instances", type = ItemIO.OUTPUT,
		description = "One CSV line per box and plane: label, name, slice, frame, box, area, mean probability")
	private String table;

	@Override
	protected void segment() {
		RunSettings run = runSettings(Map.of());
		RandomAccessibleInterval<? extends RealType<?>> input = realImage(image);
		AxisOrder order = ImageAxes.of(image, axes);
		if (boxes == null) throw new UserError(UserError.Kind.INPUT, "No boxes file given: name a CSV, .roi or .zip file");
		List<String> warnings = new ArrayList<>();
		List<Box> prompts = BoxFiles.read(boxes.toPath(), ImgLib2Segmenter.shape(input, order), warnings);
		ProgressListener listener = listener();
		warnings.forEach(listener::warn);
		ImgLib2Result result = new ImgLib2Segmenter(deepmac.model(run.model(), run.device(), run.trustModel()), run.options())
			.segment(input, order, prompts, listener);
		InstanceTable instances = result.table();
		labels = result.labels();
		table = CsvOutput.format(instances.header(), instances.rows());
		log.info("Deep-MAC: " + result.instances().size() + " masks of " + prompts.size() + " boxes, labels "
			+ result.labelAxes() + " " + java.util.Arrays.toString(labels.dimensionsAsLongArray()));
	}

	@SuppressWarnings("unchecked")
	private static RandomAccessibleInterval<? extends RealType<?>> realImage(RandomAccessibleInterval<?> image) {
		if (image == null) throw new UserError(UserError.Kind.INPUT, "No image to segment: open one first");
		Object type = image.getType();
		if (!(type instanceof RealType<?>)) throw new UserError(UserError.Kind.INPUT, "The image's pixels are "
			+ type.getClass().getSimpleName() + ", not numbers: split colour images into channels first");
		return (RandomAccessibleInterval<? extends RealType<?>>) image;
	}

	@Override
	protected void clearOutputs() {
		labels = null;
		table = null;
	}

	public Img<?> getLabels() {
		return labels;
	}

	public String getTable() {
		return table;
	}
}
