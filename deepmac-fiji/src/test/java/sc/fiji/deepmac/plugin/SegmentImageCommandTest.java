package sc.fiji.deepmac.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.script.ScriptEngineManager;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.util.Fraction;

import sc.fiji.deepmac.box.BoxFiles;
import sc.fiji.deepmac.box.StackShape;
import sc.fiji.deepmac.engine.ComputeDevice;
import sc.fiji.deepmac.imglib2.ImgLib2Images;
import sc.fiji.deepmac.segment.DeepMacSegmenter;
import sc.fiji.deepmac.segment.ProgressListener;
import sc.fiji.deepmac.segment.SegmentationResult;
import sc.fiji.deepmac.testing.TestImages;
import sc.fiji.deepmac.testing.TestModelFolders;

/**
 * The ImgLib2 command in a real Context, headless, as ImageJ2 and {@code #@} scripts run it: its label image equals
 * the ImageJ 1.x path's, pixel for pixel, for the same pixels and boxes.
 */
class SegmentImageCommandTest {

	@TempDir
	static Path tmp;
	static Path model;
	static Context context;

	@BeforeAll
	static void setUp() {
		model = TestModelFolders.get(TestModelFolders.INTENSITY);
		context = new Context();
	}

	@AfterAll
	static void tearDown() {
		if (context != null) context.dispose();
	}

	/** The boxes around the {@link FijiTestImages#DISKS}, the second one on stack index {@code slice} (0: every). */
	static Path boxesCsv(String name, int slice) throws Exception {
		StringBuilder csv = new StringBuilder("x,y,width,height,slice,name\n");
		for (int k = 0; k < FijiTestImages.DISKS.length; k++) {
			int[] d = FijiTestImages.DISKS[k];
			csv.append(d[0] - d[2] - 4).append(',').append(d[1] - d[2] - 4).append(',').append(2 * d[2] + 8).append(',')
				.append(2 * d[2] + 8).append(',').append(k == 1 && slice > 0 ? String.valueOf(slice) : "").append(",cell-")
				.append(k + 1).append('\n');
		}
		return Files.writeString(tmp.resolve(name + ".csv"), csv);
	}

	/** The cells at {@code bitDepth}: 16- and 32-bit far from 0..255. */
	static ImagePlus cells(int bitDepth, int slices, int frames) {
		ImageStack stack = new ImageStack(160, 100);
		for (int i = 0; i < slices * frames; i++) {
			ImageProcessor ip = FijiTestImages.disks(160, 100, FijiTestImages.DISKS);
			ip.add(5 * i);
			if (bitDepth == 16) ip = scaled(ip.convertToShort(false), 100, 300 + i);
			if (bitDepth == 32) ip = scaled(ip.convertToFloat(), 0.01, -1);
			stack.addSlice(ip);
		}
		ImagePlus imp = new ImagePlus("cells", stack);
		imp.setDimensions(1, slices, frames);
		return imp;
	}

	private static ImageProcessor scaled(ImageProcessor ip, double factor, double offset) {
		ip.multiply(factor);
		ip.add(offset);
		return ip;
	}

	private static Module run(RandomAccessibleInterval<?> image, String axes, Path boxes) throws Exception {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", image);
		inputs.put("axes", axes);
		inputs.put("boxes", boxes.toFile());
		inputs.put("model", model.toString());
		inputs.put("device", "cpu");
		return context.service(CommandService.class).run(SegmentImageCommand.class, true, inputs).get();
	}

	/** Runs the command and the ImageJ 1.x path on the same pixels and boxes and compares their label images. */
	private static Img<?> assertSameAsImagePlusPath(ImagePlus imp, RandomAccessibleInterval<?> image, String axes,
		Path boxes) throws Exception
	{
		Module module = run(image, axes, boxes);
		assertNull(((CommandModule) module).getCancelReason());
		Img<?> labels = (Img<?>) module.getOutput("labels");
		assertNotNull(labels);
		assertInstanceOf(UnsignedShortType.class, labels.firstElement());

		var segmenter = new DeepMacSegmenter(context.service(DeepMacService.class).model(model, ComputeDevice.CPU),
			sc.fiji.deepmac.options.RunSettings.defaults().options());
		SegmentationResult expected = segmenter.segment(imp, BoxFiles.read(boxes, StackShape.of(imp), new ArrayList<>()),
			ProgressListener.NONE);
		ImagePlus want = expected.labels();
		int planes = want.getStackSize();
		long[] dims = planes == 1 ? new long[] { 160, 100 } : new long[] { 160, 100, planes };
		assertArrayEquals(dims, labels.dimensionsAsLongArray());
		@SuppressWarnings("unchecked")
		RandomAccess<? extends RealType<?>> ra = ((Img<? extends RealType<?>>) labels).randomAccess();
		for (int p = 0; p < planes; p++) {
			ImageProcessor plane = want.getStack().getProcessor(p + 1);
			for (int y = 0; y < 100; y++)
				for (int x = 0; x < 160; x++) {
					ra.setPosition(x, 0);
					ra.setPosition(y, 1);
					if (planes > 1) ra.setPosition(p, 2);
					assertEquals(plane.get(x, y), (int) ra.get().getRealDouble(), "plane " + (p + 1) + " (" + x + "," + y + ")");
				}
		}
		String table = (String) module.getOutput("table");
		List<String> lines = table.lines().toList();
		assertTrue(lines.get(0).startsWith("label,name,slice,frame,box_x,box_y,box_width,box_height,area_px"), lines.get(0));
		assertEquals(expected.instances().size() + 1, lines.size());
		return labels;
	}

	/** A double-typed copy: the command copies its planes. */
	private static Img<DoubleType> doubles(ImagePlus imp) {
		Img<? extends RealType<?>> wrapped = ImgLib2Images.wrap(imp);
		Img<DoubleType> copy = ArrayImgs.doubles(wrapped.dimensionsAsLongArray());
		Cursor<? extends RealType<?>> from = wrapped.cursor();
		for (DoubleType v : copy) v.set(from.next().getRealDouble());
		return copy;
	}

	@Test
	void segments8And16And32BitImagesLikeTheImagePlusPath() throws Exception {
		Path boxes = boxesCsv("cells", 0);
		for (int bits : new int[] { 8, 16, 32 }) {
			ImagePlus imp = cells(bits, 1, 1);
			Img<?> labels = assertSameAsImagePlusPath(imp, ImgLib2Images.wrap(cells(bits, 1, 1)), "", boxes);
			var plane = new ij.process.ShortProcessor(160, 100);
			@SuppressWarnings("unchecked")
			Cursor<? extends RealType<?>> c = ((Img<? extends RealType<?>>) labels).cursor();
			for (int i = 0; i < 160 * 100; i++) plane.set(i, (int) c.next().getRealDouble());
			for (int k = 0; k < FijiTestImages.DISKS.length; k++)
				assertTrue(TestImages.iou(plane, k + 1, FijiTestImages.truth(160, 100, FijiTestImages.DISKS[k])) > 0.9,
					bits + "-bit disk " + (k + 1));
		}
		// a copy in doubles is segmented as 32-bit
		ImagePlus sixteen = cells(16, 1, 1);
		assertSameAsImagePlusPath(new ImagePlus("cells", sixteen.getProcessor().convertToFloat()), doubles(sixteen), "XY",
			boxes);
	}

	@Test
	void aZStackWithABoxOnItsSecondSlice() throws Exception {
		Path boxes = boxesCsv("z", 2);
		Img<?> labels = assertSameAsImagePlusPath(cells(16, 3, 1), doubles(cells(16, 3, 1)), "XYZ", boxes);
		assertOnlyOnPlane(labels, 3, 1);
	}

	@Test
	void aTimeSeriesWithABoxOnItsThirdFrame() throws Exception {
		Path boxes = boxesCsv("t", 3);
		Img<?> labels = assertSameAsImagePlusPath(cells(8, 1, 4), ImgLib2Images.wrap(cells(8, 1, 4)), "XYT", boxes);
		assertOnlyOnPlane(labels, 4, 2);
	}

	/** Box 2 on 0-based plane {@code only}, boxes 1 and 3 on every plane. */
	private static void assertOnlyOnPlane(Img<?> labels, int planes, int only) {
		@SuppressWarnings("unchecked")
		RandomAccess<? extends RealType<?>> ra = ((Img<? extends RealType<?>>) labels).randomAccess();
		for (int p = 0; p < planes; p++)
			for (int k = 0; k < 3; k++) {
				int[] d = FijiTestImages.DISKS[k];
				ra.setPosition(new long[] { d[0], d[1], p });
				assertEquals(k == 1 && p != only ? 0 : k + 1, (int) ra.get().getRealDouble(), "disk " + (k + 1) + " plane " + p);
			}
	}

	@Test
	void axesComeFromTheImagesMetadataOrMustBeGiven() throws Exception {
		Path boxes = boxesCsv("meta", 3);
		ImagePlus frames = cells(8, 1, 4);
		ArrayImg<UnsignedByteType, ByteArray> plain = ArrayImgs.unsignedBytes(160, 100, 4);
		Cursor<? extends RealType<?>> from = ImgLib2Images.wrap(frames).cursor();
		for (UnsignedByteType v : plain) v.setReal(from.next().getRealDouble());

		String noAxes = ((CommandModule) run(plain, "", boxes)).getCancelReason();
		assertEquals("The image has 3 dimensions and no axis names: give its axes, such as axes=XYZ (a Z stack), "
			+ "XYT (a time series) or XYC (channels)", noAxes);
		String bad = ((CommandModule) run(plain, "XYQ", boxes)).getCancelReason();
		assertTrue(bad.startsWith("Axes 'XYQ' has 'Q'"), bad);

		// an image with ImageJ2's axis metadata (as a Dataset has it): X, Y, Time
		Labelled withAxes = new Labelled(plain.update(null), "X", "Y", "Time");
		Img<?> labels = assertSameAsImagePlusPath(frames, withAxes, "", boxes);
		assertOnlyOnPlane(labels, 4, 2);
		Labelled odd = new Labelled(plain.update(null), "X", "Y", "Lifetime");
		String unknown = ((CommandModule) run(odd, "", boxes)).getCancelReason();
		assertTrue(unknown.startsWith("Axis 3 of the image is 'Lifetime'"), unknown);
		assertTrue(((CommandModule) run(odd, "XYT", boxes)).getCancelReason() == null, "given axes win");
	}

	@Test
	void isHeadlessWithoutAMenuPath() {
		CommandInfo info = context.service(CommandService.class).getCommand(SegmentImageCommand.class);
		assertNotNull(info);
		assertTrue(info.getMenuPath() == null || info.getMenuPath().isEmpty(), "no menu path: " + info.getMenuPath());
		assertTrue(info.canRunHeadless());
		List<String> inputs = new ArrayList<>();
		info.inputs().forEach(i -> inputs.add(i.getName()));
		assertTrue(inputs.containsAll(List.of("image", "axes", "boxes", "model", "device", "threshold", "channel",
			"minBoxSize", "percentiles")), inputs.toString());
	}

	@Test
	void aGroovyScriptCallsIt() throws Exception {
		ScriptService scripts = context.service(ScriptService.class);
		scripts.getIndex().add(new ScriptEngineManager().getEngineByName("groovy").getFactory(), false);
		File script = ScriptsTest.SCRIPTS.resolve("Deep-MAC_Segment_Image.groovy").toFile();
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", ImgLib2Images.wrap(cells(8, 1, 1)));
		inputs.put("axes", "");
		inputs.put("boxes", boxesCsv("script", 0).toFile());
		inputs.put("model", model.toString());
		inputs.put("device", "cpu");
		inputs.put("threshold", 0.5);
		ScriptModule module = scripts.run(script, true, inputs).get();
		Img<?> labels = (Img<?>) module.getOutput("labels");
		assertNotNull(labels, "labels from the script");
		assertArrayEquals(new long[] { 160, 100 }, labels.dimensionsAsLongArray());
		assertEquals(4, ((String) module.getOutput("table")).lines().count(), "header and three rows");
	}

	/** An image with axis metadata shaped like imagej-common's: {@code axis(d).type().getLabel()}. */
	public static final class Labelled extends ArrayImg<UnsignedByteType, ByteArray> {

		private final String[] labels;

		Labelled(ByteArray data, String... labels) {
			super(data, new long[] { 160, 100, 4 }, new Fraction());
			setLinkedType(new UnsignedByteType(this));
			this.labels = labels;
		}

		public Axis axis(int d) {
			return new Axis(labels[d]);
		}
	}

	public record Axis(String label) {

		public AxisType type() {
			return new AxisType(label);
		}
	}

	public record AxisType(String label) {

		public String getLabel() {
			return label;
		}
	}
}
