package sc.fiji.deepmac.evaluate;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ImageProcessor;

import sc.fiji.deepmac.batch.FileSegmentation;
import sc.fiji.deepmac.io.OutputSet;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.Instance;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationOptions;
import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * The demo: segments each sample {@code NAME.png} of a folder with its {@code NAME_boxes.csv}, writes labels, ROI
 * set and table as {@code deepmac segment} does, plus {@code NAME_overlay.png} (mask outlines and boxes drawn on
 * the image); where a sample has {@code NAME_labels.png}, also its mean IoU.
 */
public final class Demo {

	private static final Color[] COLOURS = { new Color(255, 215, 0), new Color(0, 255, 255), new Color(255, 64, 160),
		new Color(64, 255, 64), new Color(255, 128, 0), new Color(160, 128, 255) };

	private Demo() {}

	/** The samples of a folder: images with a boxes file beside them, sorted. */
	public static List<Path> samples(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) throw new IllegalArgumentException("No demo samples at " + folder);
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(p -> p.getFileName().toString().endsWith(".png") && Files.isRegularFile(boxesOf(p))).sorted().toList();
		}
	}

	static Path boxesOf(Path image) {
		return image.resolveSibling(OutputSet.stem(image) + "_boxes.csv");
	}

	/** Runs every sample; returns the files written. */
	public static List<Path> run(MaskModel model, SegmentationOptions options, Path samples, Path out, PrintStream log)
		throws IOException
	{
		Files.createDirectories(out);
		List<Path> written = new ArrayList<>();
		for (Path image : samples(samples)) {
			String stem = OutputSet.stem(image);
			OutputSet set = new OutputSet(out, stem);
			long t0 = System.nanoTime();
			SegmentationResult result = new FileSegmentation(() -> new DeepMacSegmenter(model, options)).run(image, boxesOf(image), set, ProgressListener.NONE);
			double ms = (System.nanoTime() - t0) / 1e6;
			Path overlay = out.resolve(stem + "_overlay.png");
			writeOverlay(IJ.openImage(image.toString()), result.instances(), overlay);
			written.addAll(List.of(set.labels(), set.rois(), set.table(), overlay));
			log.printf("%s: %d boxes -> %d masks in %.0f ms%n", image.getFileName(), result.instances().size(),
				result.instances().stream().filter(i -> i.roi() != null).count(), ms);
			for (Path p : List.of(set.labels(), set.rois(), set.table(), overlay)) log.println("  " + p);
			Path labels = image.resolveSibling(stem + "_labels.png");
			if (Files.isRegularFile(labels)) {
				Evaluator.Score s = new Evaluator(model, options).evaluate(image);
				log.printf("  against %s: mean IoU %.3f (filled box %.3f, Otsu in box %.3f) over %d instances%n",
					labels.getFileName(), s.meanModel(), s.meanBox(), s.meanOtsu(), s.instances());
			}
		}
		return written;
	}

	/** The image in RGB with each instance's outline (2 px) and its box (1 px, dimmer) drawn on it. */
	public static void writeOverlay(ImagePlus image, List<Instance> instances, Path target) throws IOException {
		ImageProcessor ip = image.getProcessor().duplicate().convertToRGB(); // a copy: the conversion may change the display range
		int k = 0;
		for (Instance instance : instances) {
			Color c = COLOURS[k++ % COLOURS.length];
			ip.setLineWidth(1);
			ip.setColor(c.darker());
			ip.drawRect((int) instance.box().x(), (int) instance.box().y(), (int) Math.round(instance.box().width()),
				(int) Math.round(instance.box().height()));
			Roi roi = instance.roi();
			if (roi == null) continue;
			Roi outline = (Roi) roi.clone();
			outline.setLocation(roi.getXBase(), roi.getYBase());
			ip.setColor(c);
			ip.setLineWidth(2);
			outline.drawPixels(ip);
		}
		ImageIO.write(ip.getBufferedImage(), "png", target.toFile());
	}
}
