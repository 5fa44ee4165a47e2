package sc.fiji.deepmac.ij1;

import java.awt.EventQueue;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;


/**
 * Drives Deep-MAC Live in a real ImageJ from a macro ({@code call("sc.fiji.deepmac.ij1.LiveDriver.drag", ...)}):
 * mouse and key events dispatched to the current image's canvas, as the user's would arrive, and a report of what
 * the preview, the ROI Manager and the label image show, compared with the batch pipeline's mask of the same box
 * (a label image that the macro made with Deep-MAC Segment ROIs). The plugin's classes are in ImageJ's plugin class
 * loader, not on the class path that loads this driver, so the live session is reached through reflection.
 */
public final class LiveDriver {

	private LiveDriver() {}

	/**
	 * Drags a rectangle from (x0, y0) to (x1, y1) in ten steps on the current image, waiting for each step's preview,
	 * saves a frame per step into {@code frames} (a folder, "" for none), releases, then presses Ctrl+Z.
	 */
	public static String drag(String batchLabels, String x0, String y0, String x1, String y1, String frames) {
		try {
			return dragAndReport(batchLabels, Integer.parseInt(x0), Integer.parseInt(y0), Integer.parseInt(x1),
				Integer.parseInt(y1), frames);
		}
		catch (Throwable e) {
			return "error=" + e + " (tool " + ij.gui.Toolbar.getToolName() + ", roi " + WindowManager.getCurrentImage().getRoi()
				+ ", overlay " + WindowManager.getCurrentImage().getOverlay() + ", log " + IJ.getLog() + ")";
		}
	}

	private static String dragAndReport(String batchLabels, int x0, int y0, int x1, int y1, String frames) throws Exception {
		ImagePlus image = WindowManager.getCurrentImage();
		ImageCanvas canvas = image.getCanvas();
		Object session = session(image);
		int[] p = image.convertIndexToPosition(image.getCurrentSlice());
		await(named("features", () -> (Boolean) invoke(session, "ready", p[1], p[2])), 120_000);
		StringBuilder report = new StringBuilder("plane=" + p[1] + "\n");
		ImageStack movie = new ImageStack(image.getWidth(), image.getHeight());
		mouse(canvas, MouseEvent.MOUSE_PRESSED, x0, y0, 0);
		Roi preview = null;
		for (int step = 1; step <= 10; step++) {
			preview = previewAfter(image, MouseEvent.MOUSE_DRAGGED, x0 + (x1 - x0) * step / 10, y0 + (y1 - y0) * step / 10, 0);
			if (!frames.isEmpty()) movie.addSlice(image.flatten().getProcessor());
		}
		ImageProcessor batch = IJ.openImage(batchLabels).getStack().getProcessor(image.getCurrentSlice());
		report.append("previewIoU=").append(iou(batch, preview, image)).append('\n');
		RoiManager rm = RoiManager.getRoiManager();
		int before = rm.getCount();
		mouse(canvas, MouseEvent.MOUSE_RELEASED, x1, y1, 0);
		await(named("keep", () -> added(rm, before)), 30_000);
		Roi kept = rm.getRoi(before);
		report.append("kept=").append(kept.getName()).append('\n');
		report.append("keptPosition=").append(kept.getPosition()).append('\n');
		report.append("keptIoU=").append(iou(batch, kept, image)).append('\n');
		report.append("previewAfterKeep=").append(preview(image) != null).append('\n');
		ImagePlus labels = (ImagePlus) invoke(session, "labels");
		ImageProcessor labelPlane = labels.getStack().getProcessor(image.getCurrentSlice());
		report.append("labelsIoU=").append(iou(batch, labelPlane, 1)).append('\n');
		report.append("labelsShown=").append(labels.getWindow() != null).append('\n');
		if (!frames.isEmpty()) {
			movie.addSlice(image.flatten().getProcessor());
			saveGif(new ImagePlus("live", movie), Path.of(frames));
		}
		key(canvas, KeyEvent.VK_Z, InputEvent.CTRL_DOWN_MASK);
		await(named("undo", () -> rm.getCount() == before), 10_000);
		report.append("afterUndo=").append(rm.getCount() - before).append('\n');
		report.append("labelsAfterUndo=").append((int) labelPlane.getStatistics().max).append('\n');
		return report.toString();
	}

	/**
	 * On the current image (features ready), with {@code numbers} "x0,y0,x1,y1,dx,dy,nx,ny": draws (x0, y0)-(x1, y1) and releases it with Shift (pending), moves it by
	 * (dx, dy) from its centre by way of a drag past the left edge, drags its top-left corner to (nx, ny) and presses
	 * Enter; reports the selection and the preview after each gesture, the previews against the live session's own mask
	 * of the same box, and the kept ROI against the batch mask of the final box, (nx, ny)-(x1 + dx, y1 + dy).
	 */
	public static String pending(String batchLabels, String numbers) {
		try {
			int[] n = java.util.Arrays.stream(numbers.split(",")).mapToInt(Integer::parseInt).toArray();
			return pendingReport(batchLabels, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
		}
		catch (Throwable e) {
			return "error=" + e + " (roi " + WindowManager.getCurrentImage().getRoi() + ", log " + IJ.getLog() + ")";
		}
	}

	private static String pendingReport(String batchLabels, int x0, int y0, int x1, int y1, int dx, int dy, int nx, int ny)
		throws Exception {
		ImagePlus image = WindowManager.getCurrentImage();
		ImageCanvas canvas = image.getCanvas();
		RoiManager rm = RoiManager.getRoiManager();
		int before = rm.getCount();
		StringBuilder report = new StringBuilder();
		// draw, released with Shift: pending
		mouse(canvas, MouseEvent.MOUSE_PRESSED, x0, y0, 0);
		previewAfter(image, MouseEvent.MOUSE_DRAGGED, x1, y1, 0);
		gesture(report, "drawn", image, previewAfter(image, MouseEvent.MOUSE_RELEASED, x1, y1, InputEvent.SHIFT_DOWN_MASK));
		report.append("addedWhilePending=").append(rm.getCount() - before).append('\n');
		// move from the centre, past the left edge on the way (clamped), released with Shift: still pending
		int cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
		mouse(canvas, MouseEvent.MOUSE_PRESSED, cx, cy, 0);
		previewAfter(image, MouseEvent.MOUSE_DRAGGED, -image.getWidth(), cy + dy, 0);
		report.append("clamped=").append(bounds(image.getRoi().getBounds())).append('\n');
		previewAfter(image, MouseEvent.MOUSE_DRAGGED, cx + dx, cy + dy, 0);
		gesture(report, "moved", image,
			previewAfter(image, MouseEvent.MOUSE_RELEASED, cx + dx, cy + dy, InputEvent.SHIFT_DOWN_MASK));
		// resize by the top-left corner, released with Shift
		mouse(canvas, MouseEvent.MOUSE_PRESSED, x0 + dx, y0 + dy, 0);
		previewAfter(image, MouseEvent.MOUSE_DRAGGED, nx, ny, 0);
		gesture(report, "resized", image, previewAfter(image, MouseEvent.MOUSE_RELEASED, nx, ny, InputEvent.SHIFT_DOWN_MASK));
		report.append("addedWhilePending=").append(rm.getCount() - before).append('\n');
		key(canvas, KeyEvent.VK_ENTER, 0);
		await(named("keep on Enter", () -> added(rm, before)), 30_000);
		ImageProcessor batch = IJ.openImage(batchLabels).getProcessor();
		report.append("keptIoU=").append(iou(batch, rm.getRoi(before), image)).append('\n');
		report.append("previewAfterKeep=").append(preview(image) != null).append('\n');
		report.append("selectionAfterKeep=").append(image.getRoi() != null).append('\n');
		return report.toString();
	}

	/** The selection and the preview after a gesture, and the preview's IoU with the session's mask of the selection. */
	private static void gesture(StringBuilder report, String name, ImagePlus image, Roi preview) throws Exception {
		java.awt.Rectangle r = image.getRoi().getBounds();
		int[] p = image.convertIndexToPosition(image.getCurrentSlice());
		Object box = IJ.getClassLoader().loadClass("sc.fiji.deepmac.box.Box").getConstructors()[0].newInstance("check",
			(double) r.x, (double) r.y, (double) r.width, (double) r.height, 0, p[1], p[2]);
		Roi own = (Roi) invoke(invoke(session(image), "mask", box, p[1], p[2]), "outline");
		ByteProcessor mask = new ByteProcessor(image.getWidth(), image.getHeight());
		mask.setValue(1);
		mask.fill(own);
		report.append(name).append('=').append(bounds(r)).append('\n');
		report.append(name).append("Preview=").append(bounds(preview.getBounds())).append('\n');
		report.append(name).append("PreviewIoU=").append(iou(mask, preview, image)).append('\n');
	}

	private static String bounds(java.awt.Rectangle r) {
		return r.x + "," + r.y + "," + r.width + "," + r.height;
	}

	/** Dispatches a mouse event and waits for the preview that follows it. */
	private static Roi previewAfter(ImagePlus image, int id, int x, int y, int modifiers) throws Exception {
		Roi before = preview(image);
		mouse(image.getCanvas(), id, x, y, modifiers);
		await(named("preview at " + x + "," + y, () -> preview(image) != before), 10_000);
		return preview(image);
	}

	/** Closes the current image right after live mode started on it, and says how it ended. */
	public static String closeWhileComputing() {
		try {
			ImagePlus image = WindowManager.getCurrentImage();
			Object session = session(image);
			boolean computing = !(Boolean) invoke(session, "ready", 1, 1);
			image.changes = false;
			image.close();
			await(() -> (Boolean) invoke(session, "terminated"), 120_000);
			return "computingWhenClosed=" + computing + "\nsessionGone=" + (session(image) == null) + "\nterminated="
				+ invoke(session, "terminated") + "\n";
		}
		catch (Throwable e) {
			return "error=" + e;
		}
	}

	private static Roi preview(ImagePlus image) {
		Overlay overlay = image.getOverlay();
		int i = overlay == null ? -1 : overlay.getIndex("Deep-MAC Live preview");
		return i < 0 ? null : overlay.get(i);
	}

	/** The live session of the image (LiveTool.instance().session(image)), or null. */
	private static Object session(ImagePlus image) throws Exception {
		Object tool = IJ.getClassLoader().loadClass("sc.fiji.deepmac.ij1.LiveTool").getMethod("instance").invoke(null);
		return tool.getClass().getMethod("session", ImagePlus.class).invoke(tool, image);
	}

	private static Object invoke(Object target, String method, Object... args) {
		try {
			for (java.lang.reflect.Method m : target.getClass().getMethods())
				if (m.getName().equals(method) && m.getParameterCount() == args.length) return m.invoke(target, args);
			throw new NoSuchMethodException(method);
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	private static double iou(ImageProcessor batch, Roi roi, ImagePlus image) {
		if (roi == null) return 0;
		ByteProcessor filled = new ByteProcessor(image.getWidth(), image.getHeight());
		filled.setValue(1);
		filled.fill(roi);
		return iou(batch, filled, 1);
	}

	private static double iou(ImageProcessor batch, ImageProcessor other, int label) {
		long inter = 0, union = 0;
		for (int i = 0; i < batch.getPixelCount(); i++) {
			boolean a = batch.get(i) == 1, b = other.get(i) == label;
			if (a && b) inter++;
			if (a || b) union++;
		}
		return union == 0 ? 0 : (double) inter / union;
	}

	private static void mouse(ImageCanvas canvas, int id, int x, int y, int modifiers) throws Exception {
		int sx = canvas.screenX(x), sy = canvas.screenY(y);
		int mask = modifiers | (id == MouseEvent.MOUSE_RELEASED ? 0 : InputEvent.BUTTON1_DOWN_MASK);
		EventQueue.invokeAndWait(() -> canvas.dispatchEvent(new MouseEvent(canvas, id, System.currentTimeMillis(), mask, sx,
			sy, 1, false, MouseEvent.BUTTON1)));
	}

	private static void key(ImageCanvas canvas, int code, int modifiers) throws Exception {
		EventQueue.invokeAndWait(() -> canvas.dispatchEvent(new KeyEvent(canvas, KeyEvent.KEY_PRESSED,
			System.currentTimeMillis(), modifiers, code, KeyEvent.CHAR_UNDEFINED)));
	}

	private static BooleanSupplier named(String name, BooleanSupplier done) {
		return new BooleanSupplier() {

			@Override
			public boolean getAsBoolean() {
				return done.getAsBoolean();
			}

			@Override
			public String toString() {
				return "for " + name;
			}
		};
	}

	/**
	 * Whether one ROI was added to the {@code before} of the ROI Manager. Its list, not {@link RoiManager#getCount()}:
	 * the ROI Manager counts a ROI before it holds it, and {@code getRoi} of that index fails until it does.
	 */
	private static boolean added(RoiManager rm, int before) {
		return rm.getRoisAsArray().length == before + 1;
	}

	private static void await(BooleanSupplier done, long millis) throws InterruptedException {
		long end = System.currentTimeMillis() + millis;
		while (!done.getAsBoolean()) {
			if (System.currentTimeMillis() > end) throw new IllegalStateException("timed out waiting " + done);
			Thread.sleep(20);
		}
	}

	/** The frames as an animated GIF (ImageJ's 8-bit colour conversion and GIF writer). */
	private static void saveGif(ImagePlus movie, Path file) {
		IJ.run(movie, "8-bit Color", "number=256");
		IJ.saveAs(movie, "Gif", file.toString());
	}
}
