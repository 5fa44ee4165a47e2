package sc.fiji.deepmac.ij1;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.KeyListener;
import java.awt.event.MouseEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import ij.IJ;
import ij.ImageListener;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.Toolbar;
import ij.plugin.frame.RoiManager;
import ij.plugin.tool.PlugInTool;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.live.FeatureCache;
import sc.fiji.deepmac.live.LiveSession;
import sc.fiji.deepmac.model.ModelCache;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.options.RunOptions;
import sc.fiji.deepmac.options.RunSettings;
import sc.fiji.deepmac.segment.Instance;
import sc.fiji.deepmac.segment.ProgressListener;

/**
 * Deep-MAC Live ({@code Plugins > Deep-MAC > Deep-MAC Live}, and a toolbar tool): while a rectangle is dragged on
 * an image, the outline of its mask follows it as an overlay; on release the mask is kept (its ROI appended to the
 * ROI Manager, the session's label image updated in place). Released with Shift, the rectangle stays pending
 * instead: dragged from inside it moves, from within {@value #EDGE} screen pixels of an edge or corner it resizes (the
 * opposite side fixed), the preview following; release keeps (again pending with Shift), Enter keeps it as it is.
 * Ctrl+Z takes the last kept mask back, Esc drops the preview (and a pending rectangle). The plane's features are
 * computed in the background as soon as live mode starts on an image or a plane is shown (status bar). Model and
 * options are those of Deep-MAC Segment ROIs (its macro keys, else the values its dialog last used). Models without
 * two-stage signatures show the mask on release only.
 */
public class LiveTool extends PlugInTool implements ImageListener {

	public static final String COMMAND = "Deep-MAC Live";
	/** Name of the preview outline in the image's overlay. */
	public static final String PREVIEW = "Deep-MAC Live preview";
	private static final Color PREVIEW_COLOR = new Color(255, 60, 200);
	/** Screen pixels either side of a pending rectangle's edges where a press resizes it. */
	static final int EDGE = 5;

	/** What a drag does: draw a new rectangle, move the pending one, or resize it about a fixed side or corner. */
	private enum Gesture {
		DRAW, MOVE, RESIZE
	}

	private static LiveTool instance;

	private final Map<ImagePlus, LiveSession> sessions = new ConcurrentHashMap<>();
	private final Map<LiveSession, Deque<String>> keptRois = new HashMap<>();
	private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "deepmac-live-preview");
		t.setDaemon(true);
		return t;
	});
	private final AtomicLong latest = new AtomicLong();
	private final KeyListener keys = new KeyAdapter() {

		@Override
		public void keyPressed(KeyEvent e) {
			ImagePlus image = WindowManager.getCurrentImage();
			if (image == null || !sessions.containsKey(image)) return;
			if (e.getKeyCode() == KeyEvent.VK_ESCAPE) dropPreview(image);
			else if (e.getKeyCode() == KeyEvent.VK_ENTER && pending(image) != null) {
				e.consume();
				keepLater(image, pending(image));
			}
			else if (e.getKeyCode() == KeyEvent.VK_Z && (e.isControlDown() || e.isMetaDown())) {
				e.consume();
				worker.execute(() -> undo(image));
			}
		}
	};
	private RunSettings settings;
	// the gesture of the current drag (mouse and key events all come on the event dispatch thread)
	private Gesture gesture = Gesture.DRAW;
	/** The rectangle moved or resized; for DRAW an empty one at the press. */
	private Rectangle grabbed;
	/** MOVE: the press; DRAW, RESIZE: the fixed corner, of which only the coordinates that follow the mouse count. */
	private int anchorX, anchorY;
	private boolean followX, followY;
	/** The rectangle last released with Shift, and its image. */
	private Rectangle pending;
	private ImagePlus pendingImage;

	/** The installed tool, for tests and macros; null before {@value #COMMAND} ran. */
	public static synchronized LiveTool instance() {
		return instance;
	}

	@Override
	public void run(String arg) {
		ImagePlus image = WindowManager.getCurrentImage();
		if (image == null) {
			SegmentRoisPlugin.error("No image: open the image to segment first, then start " + COMMAND);
			return;
		}
		LiveTool tool;
		synchronized (LiveTool.class) {
			if (instance == null) {
				instance = this;
				ImagePlus.addImageListener(this);
			}
			tool = instance;
		}
		try {
			tool.settings = settings();
			Toolbar.addPlugInTool(tool);
			tool.start(image);
		}
		catch (UserError | IllegalArgumentException e) {
			SegmentRoisPlugin.error(e.getMessage());
		}
	}

	/** The macro's options, else the values that the Segment ROIs dialog last used. */
	private static RunSettings settings() {
		String options = Macro.getOptions();
		Map<String, String> values = RunOptions.defaults();
		for (RunOptions.Option o : RunOptions.ALL)
			values.put(o.field(), options != null ? Macro.getValue(options, o.macroKey(), values.get(o.field()))
				: Prefs.get("deepmac." + o.field(), values.get(o.field())));
		return RunOptions.parse(values);
	}

	/** The image's session, started (features of the shown plane on their way) when there was none. */
	LiveSession start(ImagePlus image) {
		if (settings == null) settings = settings();
		LiveSession session = sessions.computeIfAbsent(image, im -> {
			var model = ModelCache.shared().get(ModelLocator.resolve(settings.model()), settings.device());
			LiveSession s = new LiveSession(im, model, settings.options(), FeatureCache.shared(), new Status());
			if (im.getCanvas() != null) im.getCanvas().addKeyListener(keys);
			return s;
		});
		int[] p = position(image);
		session.prepare(p[1], p[2]);
		return session;
	}

	/** The image's session, or null. */
	public LiveSession session(ImagePlus image) {
		return sessions.get(image);
	}

	private static int[] position(ImagePlus image) {
		return image.convertIndexToPosition(image.getCurrentSlice());
	}

	@Override
	public String getToolName() {
		return COMMAND;
	}

	@Override
	public String getToolIcon() {
		return "C059R11ddC0dfO4488Cf3cL0f30";
	}

	@Override
	public void mousePressed(ImagePlus image, MouseEvent e) {
		start(image);
		Rectangle p = pending(image);
		grab(image.getCanvas(), p, e.getX(), e.getY());
		if (p != null && gesture == Gesture.DRAW) dropPreview(image);
		e.consume();
	}

	/**
	 * The gesture of a press at screen (sx, sy): near an edge or a corner of the pending rectangle p it resizes p,
	 * inside p it moves p, elsewhere (or with no p) it draws a new rectangle.
	 */
	private void grab(ImageCanvas c, Rectangle p, int sx, int sy) {
		int x = c.offScreenX(sx), y = c.offScreenY(sy);
		gesture = Gesture.DRAW;
		grabbed = new Rectangle(x, y, 0, 0);
		anchorX = x;
		anchorY = y;
		followX = followY = true;
		if (p == null) return;
		int left = c.screenX(p.x), right = c.screenX(p.x + p.width);
		int top = c.screenY(p.y), bottom = c.screenY(p.y + p.height);
		boolean inX = sx >= left - EDGE && sx <= right + EDGE, inY = sy >= top - EDGE && sy <= bottom + EDGE;
		followX = inY && (Math.abs(sx - left) <= EDGE || Math.abs(sx - right) <= EDGE);
		followY = inX && (Math.abs(sy - top) <= EDGE || Math.abs(sy - bottom) <= EDGE);
		if (followX || followY) {
			gesture = Gesture.RESIZE;
			grabbed = p;
			anchorX = Math.abs(sx - left) < Math.abs(sx - right) ? p.x + p.width : p.x;
			anchorY = Math.abs(sy - top) < Math.abs(sy - bottom) ? p.y + p.height : p.y;
		}
		else if (p.contains(x, y)) {
			gesture = Gesture.MOVE;
			grabbed = p;
		}
		else followX = followY = true;
	}

	@Override
	public void mouseDragged(ImagePlus image, MouseEvent e) {
		follow(image, dragged(image, e));
		e.consume();
	}

	@Override
	public void mouseReleased(ImagePlus image, MouseEvent e) {
		Rectangle r = dragged(image, e);
		boolean box = r.width > 1 && r.height > 1;
		if (box && e.isShiftDown()) {
			follow(image, r);
			pending = r;
			pendingImage = image;
		}
		else keepLater(image, box ? r : null);
		e.consume();
	}

	/** The rectangle of the current gesture at the mouse, inside the image. */
	private Rectangle dragged(ImagePlus image, MouseEvent e) {
		ImageCanvas c = image.getCanvas();
		int x = c.offScreenX(e.getX()), y = c.offScreenY(e.getY()), w = image.getWidth(), h = image.getHeight();
		Rectangle g = grabbed;
		if (gesture == Gesture.MOVE)
			return new Rectangle(clamp(g.x + x - anchorX, 0, w - g.width), clamp(g.y + y - anchorY, 0, h - g.height),
				g.width, g.height);
		int x0 = followX ? anchorX : g.x, x1 = followX ? clamp(x, 0, w) : g.x + g.width;
		int y0 = followY ? anchorY : g.y, y1 = followY ? clamp(y, 0, h) : g.y + g.height;
		return new Rectangle(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
	}

	private static int clamp(int v, int min, int max) {
		return Math.max(min, Math.min(max, v));
	}

	/** The rectangle as the image's selection, its mask's preview on the way (the latest rectangle wins). */
	private void follow(ImagePlus image, Rectangle r) {
		image.setRoi(r);
		long id = latest.incrementAndGet();
		LiveSession session = sessions.get(image);
		if (session != null && !Boolean.FALSE.equals(session.twoStage()))
			worker.execute(() -> preview(image, session, r, id));
	}

	/** The image's pending rectangle: released with Shift and still its rectangle selection; else null. */
	private Rectangle pending(ImagePlus image) {
		Roi roi = image.getRoi();
		return image == pendingImage && roi != null && roi.getType() == Roi.RECTANGLE
			&& roi.getBounds().equals(pending) ? pending : null;
	}

	/** Keeps the mask of r (none when null) after the previews on the way, which it cancels; nothing pending after. */
	private void keepLater(ImagePlus image, Rectangle r) {
		pending = null;
		pendingImage = null;
		latest.incrementAndGet();
		LiveSession session = sessions.get(image);
		if (session != null && r != null) worker.execute(() -> keep(image, session, r));
	}

	private static Box box(ImagePlus image, Rectangle r, String name) {
		int[] p = position(image);
		return new Box(name, r.x, r.y, r.width, r.height, 0, p[1], p[2]);
	}

	/** Shows the mask of the latest rectangle, skipping rectangles that a newer one replaced, and planes not ready. */
	private void preview(ImagePlus image, LiveSession session, Rectangle r, long id) {
		int[] p = position(image);
		if (id != latest.get() || r.width < 2 || r.height < 2 || !session.ready(p[1], p[2])) return;
		try {
			Roi outline = session.mask(box(image, r, PREVIEW), p[1], p[2]).outline();
			if (id == latest.get()) showPreview(image, outline);
		}
		catch (RuntimeException e) {
			IJ.showStatus("Deep-MAC Live: " + e.getMessage());
			if (IJ.debugMode) IJ.log("Deep-MAC Live preview: " + e);
		}
	}

	private static void showPreview(ImagePlus image, Roi outline) {
		Overlay overlay = image.getOverlay() == null ? new Overlay() : image.getOverlay();
		int old = overlay.getIndex(PREVIEW);
		if (old >= 0) overlay.remove(old);
		if (outline != null) {
			Roi shown = (Roi) outline.clone();
			shown.setName(PREVIEW);
			shown.setStrokeColor(PREVIEW_COLOR);
			overlay.add(shown);
		}
		image.setOverlay(overlay);
	}

	private void dropPreview(ImagePlus image) {
		pending = null;
		pendingImage = null;
		latest.incrementAndGet();
		showPreview(image, null);
		image.deleteRoi();
	}

	/** Keeps the rectangle's mask: ROI Manager, label image, preview cleared. */
	private void keep(ImagePlus image, LiveSession session, Rectangle r) {
		try {
			int[] p = position(image);
			int n = session.keptCount() + 1;
			Instance kept = session.keep(session.mask(box(image, r, "live-" + n), p[1], p[2]));
			showPreview(image, null);
			image.deleteRoi();
			ImagePlus labels = session.labels();
			if (labels.getWindow() == null) {
				labels.show();
				if (WindowManager.getImage(image.getID()) != null) IJ.selectWindow(image.getID());
			}
			labels.updateAndDraw();
			if (kept == null) {
				IJ.showStatus("Deep-MAC Live: the mask of live-" + n + " is empty");
				return;
			}
			RoiManager rm = RoiManager.getInstance();
			if (rm == null) rm = RoiManager.getRoiManager();
			Roi roi = (Roi) kept.roi().clone();
			rm.add(roi, -1);
			synchronized (keptRois) {
				keptRois.computeIfAbsent(session, s -> new ArrayDeque<>()).push(roi.getName());
			}
			IJ.showStatus("Deep-MAC Live: kept " + roi.getName() + " (" + kept.area() + " pixels); Ctrl+Z takes it back");
		}
		catch (RuntimeException e) {
			IJ.showStatus("Deep-MAC Live: " + e.getMessage());
			IJ.log("Deep-MAC Live error: " + e.getMessage());
		}
	}

	private void undo(ImagePlus image) {
		LiveSession session = sessions.get(image);
		if (session == null || session.undo() == null) {
			IJ.showStatus("Deep-MAC Live: nothing to take back");
			return;
		}
		session.labels().updateAndDraw();
		String name;
		synchronized (keptRois) {
			Deque<String> names = keptRois.get(session);
			name = names == null ? null : names.poll();
		}
		// by name: the ROI Manager keeps its own copy of an added ROI
		RoiManager rm = RoiManager.getInstance();
		int index = rm == null || name == null ? -1 : rm.getIndex(name);
		if (index >= 0) {
			rm.select(index);
			rm.runCommand("Delete");
		}
		IJ.showStatus("Deep-MAC Live: took back the last mask");
	}

	@Override
	public void imageOpened(ImagePlus image) {}

	/** A new plane shown: its features start in the background. */
	@Override
	public void imageUpdated(ImagePlus image) {
		LiveSession session = sessions.get(image);
		if (session == null) return;
		int[] p = position(image);
		session.prepare(p[1], p[2]);
	}

	@Override
	public void imageClosed(ImagePlus image) {
		if (image == pendingImage) pendingImage = null;
		LiveSession session = sessions.remove(image);
		if (session == null) return;
		session.close();
		synchronized (keptRois) {
			keptRois.remove(session);
		}
	}

	/** Status bar and progress bar; warnings also in the Log. */
	private static final class Status implements ProgressListener {

		@Override
		public void progress(long done, long total, String what) {
			IJ.showStatus(what);
			IJ.showProgress((int) done, (int) total);
		}

		@Override
		public void warn(String message) {
			IJ.showStatus(message);
			IJ.log(message);
		}
	}
}
