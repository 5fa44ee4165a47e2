package sc.fiji.deepmac.train;

import java.awt.BasicStroke;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Synthetic scenes of many shape classes: varied outlines, holes, thin parts, touching and overlapping
 * neighbours (later objects occlude earlier ones), textures, unlabelled clutter, background gradients, both
 * polarities, colour or gray. Noise, blur and contrast come from {@link Augment}.
 * <p>
 * Two classes are made of differently filled parts under one label, so that the model does not learn "one uniform
 * region = one object": "figure", an upright person-like silhouette (head, torso, arms, legs, shoes, maybe a bag;
 * skin, upper and lower clothes each their own colour, as pedestrians in photographs), and "composite", the union
 * of a few other seen shapes each filled differently.
 * <p>
 * Classes 0..{@link #SEEN}-1 are the "seen" classes, {@link #SEEN}..{@link #CLASSES}-1 the "unseen" ones: in
 * training the unseen classes appear in the images and get boxes but no mask loss (partial supervision, as
 * the paper's VOC / non-VOC split), and evaluation reports the two groups apart.
 */
public final class SyntheticScenes {

	public static final String[] NAMES = { "ellipse", "rounded-rectangle", "triangle", "polygon", "star", "ring",
		"cross", "blob", "crescent", "l-shape", "dumbbell", "heart",
		"figure", "composite",
		// unseen
		"gear", "frame", "arc-band", "tadpole", "arrow", "disk-cluster" };
	public static final int CLASSES = NAMES.length;
	public static final int SEEN = 14;
	private static final int FIGURE = Arrays.asList(NAMES).indexOf("figure"), COMPOSITE = Arrays.asList(NAMES).indexOf("composite");

	/** One part of an object in unit coordinates and the index of the fill it takes (parts may share a fill). */
	record Part(Shape shape, int fill) {}

	/** How the pixels of an area are coloured and labelled. */
	private interface Fill {
		void apply(float[][] ch, int[] labels, int label, int size, Area area);
	}

	private SyntheticScenes() {}

	public static boolean isSeen(int cls) {
		return cls < SEEN;
	}

	/**
	 * One scene of {@code size}² pixels.
	 *
	 * @param classes classes to draw objects from
	 * @param masked whether a class's masks may be used (indexed by class)
	 * @param minSide smallest object side in pixels
	 * @param maxSide largest object side in pixels
	 */
	public static Scene render(Random r, int size, int[] classes, boolean[] masked, double minSide, double maxSide) {
		return render(r, size, classes, masked, minSide, maxSide, null);
	}

	/**
	 * As {@link #render(Random, int, int[], boolean[], double, double)}, and with {@code photos} given, half of the
	 * scenes take their background from a photograph and half of their objects are filled with a patch of another
	 * (cut-and-paste): object boundaries then differ by texture and colour as in natural images.
	 */
	public static Scene render(Random r, int size, int[] classes, boolean[] masked, double minSide, double maxSide,
		Photos photos)
	{
		int n = size * size;
		float[][] ch = new float[3][n];
		int[] labels = new int[n];
		// background: level, gradient, smooth variation, optional texture
		double base = 20 + r.nextDouble() * 200;
		double gx = (r.nextDouble() - 0.5) * 120 / size, gy = (r.nextDouble() - 0.5) * 120 / size;
		float[] smooth = smoothNoise(r, size, 4 + r.nextInt(8), 10 + r.nextDouble() * 40);
		float[] texture = texture(r, size, r.nextDouble() < 0.5 ? 0 : 5 + r.nextDouble() * 25);
		float[] tint = tint(r, 0.5);
		boolean photoScene = photos != null && r.nextBoolean();
		Photos.Patch background = photoScene ? photos.patch(r) : null;
		for (int i = 0; i < n; i++) {
			int x = i % size, y = i / size;
			double v = base + gx * (x - size / 2.0) + gy * (y - size / 2.0) + smooth[i] + texture[i];
			for (int c = 0; c < 3; c++)
				ch[c][i] = background != null ? (float) (background.value(x, y, c) + 0.3 * (v - base)) : (float) (v * tint[c]);
		}
		// clutter: small unlabelled specks and lines
		int clutter = r.nextInt(12);
		for (int k = 0; k < clutter; k++) {
			Shape s = r.nextBoolean()
				? new Ellipse2D.Double(r.nextDouble() * size, r.nextDouble() * size, 2 + r.nextDouble() * 6, 2 + r.nextDouble() * 6)
				: new BasicStroke((float) (1 + r.nextDouble() * 2)).createStrokedShape(new java.awt.geom.Line2D.Double(
					r.nextDouble() * size, r.nextDouble() * size, r.nextDouble() * size, r.nextDouble() * size));
			paint(ch, null, 0, size, new Area(s), (float) ((r.nextDouble() - 0.5) * 160), null, tint(r, 0.3));
		}
		// objects, in drawing order; later ones occlude earlier ones
		int count = 1 + r.nextInt(Math.max(1, (int) Math.min(12, 3.0 * size * size / (maxSide * maxSide) + 2)));
		double polarity = r.nextDouble() < 0.5 ? 1 : -1;
		int[] classOf = new int[count + 1];
		boolean[] mask = new boolean[count + 1];
		classOf[0] = -1;
		// figures often in photo scenes: photographs as backgrounds give street-like clutter around pedestrians
		boolean figures = photoScene && Arrays.stream(classes).anyMatch(c -> c == FIGURE);
		List<double[]> placed = new ArrayList<>(); // cx, cy, side, class
		for (int k = 1; k <= count; k++) {
			int cls = figures && r.nextDouble() < 0.3 ? FIGURE : classes[r.nextInt(classes.length)];
			double side = minSide * Math.pow(maxSide / minSide, r.nextDouble());
			double cx, cy;
			double[] last = placed.isEmpty() ? null : placed.get(placed.size() - 1);
			if (cls == FIGURE && last != null && last[3] == FIGURE && r.nextBoolean()) {
				// a group of pedestrians: a similar size, side by side on the same ground line, touching or occluding
				side = last[2] * (0.85 + 0.3 * r.nextDouble());
				cx = last[0] + (r.nextBoolean() ? 1 : -1) * last[2] * (0.15 + 0.3 * r.nextDouble());
				cy = last[1] + (last[2] - side) / 2;
			}
			else if (last != null && r.nextDouble() < 0.35) {
				// touch or overlap a neighbour
				double[] p = placed.get(r.nextInt(placed.size()));
				double a = r.nextDouble() * 2 * Math.PI, d = (p[2] + side) / 2 * (0.6 + 0.5 * r.nextDouble());
				cx = p[0] + Math.cos(a) * d;
				cy = p[1] + Math.sin(a) * d;
			}
			else {
				cx = r.nextDouble() * size;
				cy = r.nextDouble() * size;
			}
			placed.add(new double[] { cx, cy, side, cls });
			AffineTransform t = placement(cls, r, cx, cy, side / 2, 0.4);
			List<Part> parts = parts(cls, r);
			int fillCount = parts.stream().mapToInt(Part::fill).max().getAsInt() + 1;
			Fill[] fills = new Fill[fillCount];
			if (cls == FIGURE) figureFills(r, size, photoScene ? photos : null, fills);
			else for (int f = 0; f < fillCount; f++) fills[f] = randomFill(r, size, polarity, photoScene ? photos : null);
			// later parts cover earlier ones: each pixel gets one fill (additive fills must not add up)
			Area whole = new Area();
			Area[] areas = new Area[parts.size()];
			for (int p = parts.size() - 1; p >= 0; p--) {
				areas[p] = new Area(polygonal(t.createTransformedShape(parts.get(p).shape()), 0.2));
				areas[p].subtract(whole);
				whole.add(areas[p]);
			}
			for (int p = 0; p < parts.size(); p++) fills[parts.get(p).fill()].apply(ch, labels, k, size, areas[p]);
			if (r.nextDouble() < 0.25) {
				// a brighter or darker rim: outlined objects
				Area rim = new Area(new BasicStroke((float) Math.max(1.5, side * 0.06)).createStrokedShape(whole));
				rim.intersect(whole);
				paint(ch, null, k, size, rim, (float) (polarity * (15 + r.nextDouble() * 65)), null, tint(r, 0.6));
			}
			classOf[k] = cls;
			mask[k] = masked[cls];
		}
		float[] rgb = new float[3 * n];
		for (int i = 0; i < n; i++)
			for (int c = 0; c < 3; c++) rgb[3 * i + c] = Math.max(0, Math.min(255, ch[c][i]));
		return new Scene(size, size, rgb, labels, classOf, mask);
	}

	/**
	 * A clean scene: flat background with a gentle gradient, 1-8 separate objects (no overlap) of one polarity and
	 * clear contrast, no texture, rims or clutter. The kind of set where Otsu in the box does well; for
	 * evaluation only.
	 */
	public static Scene renderClean(Random r, int size, int[] classes, double minSide, double maxSide) {
		int n = size * size;
		float[][] ch = new float[3][n];
		int[] labels = new int[n];
		double polarity = r.nextBoolean() ? 1 : -1;
		double base = polarity > 0 ? 20 + r.nextDouble() * 60 : 170 + r.nextDouble() * 60;
		double gx = (r.nextDouble() - 0.5) * 30 / size, gy = (r.nextDouble() - 0.5) * 30 / size;
		for (int i = 0; i < n; i++) {
			double v = base + gx * (i % size - size / 2.0) + gy * (i / size - size / 2.0);
			for (int c = 0; c < 3; c++) ch[c][i] = (float) v;
		}
		int want = 1 + r.nextInt(8);
		List<double[]> placed = new ArrayList<>();
		List<Integer> classOf = new ArrayList<>(List.of(-1));
		for (int tries = 0; tries < 200 && placed.size() < want; tries++) {
			double side = minSide * Math.pow(maxSide / minSide, r.nextDouble());
			double cx = side / 2 + r.nextDouble() * (size - side), cy = side / 2 + r.nextDouble() * (size - side);
			boolean free = true;
			for (double[] p : placed) free &= Math.hypot(p[0] - cx, p[1] - cy) > (p[2] + side) / 2 * 1.05;
			if (!free) continue;
			placed.add(new double[] { cx, cy, side });
			int cls = classes[r.nextInt(classes.length)];
			AffineTransform t = placement(cls, r, cx, cy, side / 2 * 0.95, 0.3);
			int label = placed.size();
			// one fill per object, also for figures and composites: clean sets stay single-fill silhouettes
			paint(ch, labels, label, size, new Area(t.createTransformedShape(shape(cls, r))),
				(float) (polarity * (70 + r.nextDouble() * 80)), null, new float[] { 1, 1, 1 });
			classOf.add(cls);
		}
		boolean[] masked = new boolean[classOf.size()];
		java.util.Arrays.fill(masked, true);
		masked[0] = false;
		float[] rgb = new float[3 * n];
		for (int i = 0; i < n; i++) {
			double noise = r.nextGaussian() * 4;
			for (int c = 0; c < 3; c++) rgb[3 * i + c] = (float) Math.max(0, Math.min(255, ch[c][i] + noise));
		}
		return new Scene(size, size, rgb, labels, classOf.stream().mapToInt(Integer::intValue).toArray(), masked);
	}

	/**
	 * Where an object goes, {@code half} its half side: figures stand upright (± 10°) with their own proportions,
	 * other shapes turn freely and are stretched by an aspect of 1 ± {@code stretch}.
	 */
	private static AffineTransform placement(int cls, Random r, double cx, double cy, double half, double stretch) {
		AffineTransform t = AffineTransform.getTranslateInstance(cx, cy);
		if (cls == FIGURE) {
			t.rotate(Math.toRadians(20 * (r.nextDouble() - 0.5)));
			t.scale(half, half);
			return t;
		}
		t.rotate(r.nextDouble() * 2 * Math.PI);
		double aspect = 1 - stretch + 2 * stretch * r.nextDouble();
		t.scale(half * Math.sqrt(aspect), half / Math.sqrt(aspect));
		return t;
	}

	/** An object's usual fill: brighter or darker than the background, maybe textured and tinted, or a photo patch. */
	private static Fill randomFill(Random r, int size, double polarity, Photos photos) {
		double contrast = polarity * (r.nextDouble() < 0.85 ? 1 : -1) * (25 + r.nextDouble() * 110);
		float[] texture = r.nextDouble() < 0.4 ? texture(r, size, 5 + r.nextDouble() * 30) : null;
		float[] tint = tint(r, 0.6);
		if (photos != null && r.nextDouble() < 0.7) {
			Photos.Patch patch = photos.patch(r);
			return (ch, labels, label, s, area) -> fill(ch, labels, label, s, area, patch, (float) (0.3 * contrast));
		}
		return (ch, labels, label, s, area) -> paint(ch, labels, label, s, area, (float) contrast, texture, tint);
	}

	/**
	 * A figure's fills, indexed as in {@link #figure}: skin (head, hands), upper clothes, lower clothes, shoes, bag.
	 * Clothes are a colour (maybe striped or checked) or a photo patch; upper and lower sometimes share one (a dress),
	 * and sometimes one of them nearly matches what lies behind (a hard case: the box, not the colour, says it belongs).
	 */
	private static void figureFills(Random r, int size, Photos photos, Fill[] fills) {
		double tone = r.nextDouble(), shade = 0.9 + 0.2 * r.nextDouble();
		fills[0] = solid(new float[] { (float) ((95 + 140 * tone) * shade), (float) ((65 + 130 * tone) * shade),
			(float) ((50 + 120 * tone) * shade) }, null, size);
		for (int f = 1; f < fills.length; f++) fills[f] = f == 3 ? solid(colour(r, 0.05, 0.3), null, size) : clothes(r, size, photos);
		if (r.nextDouble() < 0.25) fills[2] = fills[1];
		if (r.nextDouble() < 0.15) {
			float delta = (float) ((r.nextDouble() - 0.5) * 16);
			fills[1 + r.nextInt(2)] = (ch, labels, label, s, area) -> paint(ch, labels, label, s, area, delta, null, new float[] { 1, 1, 1 });
		}
	}

	private static Fill clothes(Random r, int size, Photos photos) {
		if (photos != null && r.nextDouble() < 0.3) {
			Photos.Patch patch = photos.patch(r);
			return (ch, labels, label, s, area) -> fill(ch, labels, label, s, area, patch, 0);
		}
		double kind = r.nextDouble(); // dark, light or any colour
		float[] colour = kind < 0.3 ? colour(r, 0.1, 0.35) : kind < 0.5 ? colour(r, 0.7, 0.95) : colour(r, 0, 1);
		return solid(colour, r.nextDouble() < 0.3 ? texture(r, size, 10 + r.nextDouble() * 30) : null, size);
	}

	/** A colour whose channels lie between {@code lo} and {@code hi} (fractions of 255). */
	private static float[] colour(Random r, double lo, double hi) {
		float[] c = new float[3];
		for (int i = 0; i < 3; i++) c[i] = (float) (255 * (lo + (hi - lo) * r.nextDouble()));
		return c;
	}

	/** Replaces pixels by a colour, plus a texture if given. */
	private static Fill solid(float[] colour, float[] texture, int size) {
		Photos.Patch patch = (x, y, c) -> colour[c] + (texture == null ? 0 : texture[(int) y * size + (int) x]);
		return (ch, labels, label, s, area) -> fill(ch, labels, label, s, area, patch, 0);
	}

	/** Adds {@code delta} (times the tint, plus texture) inside the area; labels it {@code label} if labels given. */
	private static void paint(float[][] ch, int[] labels, int label, int size, Area area, float delta, float[] texture, float[] tint) {
		Rectangle b = area.getBounds().intersection(new Rectangle(0, 0, size, size));
		for (int y = b.y; y < b.y + b.height; y++)
			for (int x = b.x; x < b.x + b.width; x++) {
				if (!area.contains(x + 0.5, y + 0.5)) continue;
				int i = y * size + x;
				float v = delta + (texture == null ? 0 : texture[i]);
				for (int c = 0; c < 3; c++) ch[c][i] += v * tint[c];
				if (labels != null) labels[i] = label;
			}
	}

	/** Replaces the pixels inside the area by a photograph patch (plus an offset) and labels them. */
	private static void fill(float[][] ch, int[] labels, int label, int size, Area area, Photos.Patch patch, float offset) {
		Rectangle b = area.getBounds().intersection(new Rectangle(0, 0, size, size));
		for (int y = b.y; y < b.y + b.height; y++)
			for (int x = b.x; x < b.x + b.width; x++) {
				if (!area.contains(x + 0.5, y + 0.5)) continue;
				int i = y * size + x;
				for (int c = 0; c < 3; c++) ch[c][i] = patch.value(x, y, c) + offset;
				labels[i] = label;
			}
	}

	private static float[] tint(Random r, double colourChance) {
		if (r.nextDouble() > colourChance) return new float[] { 1, 1, 1 };
		return new float[] { (float) (0.5 + r.nextDouble()), (float) (0.5 + r.nextDouble()), (float) (0.5 + r.nextDouble()) };
	}

	/** Bilinear interpolation of a coarse random grid. */
	static float[] smoothNoise(Random r, int size, int cells, double amplitude) {
		double[] grid = new double[(cells + 1) * (cells + 1)];
		for (int i = 0; i < grid.length; i++) grid[i] = (r.nextDouble() - 0.5) * 2 * amplitude;
		float[] out = new float[size * size];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				double gx = (double) x / size * cells, gy = (double) y / size * cells;
				int x0 = (int) gx, y0 = (int) gy;
				double fx = gx - x0, fy = gy - y0;
				double v = grid[y0 * (cells + 1) + x0] * (1 - fx) * (1 - fy) + grid[y0 * (cells + 1) + x0 + 1] * fx * (1 - fy)
					+ grid[(y0 + 1) * (cells + 1) + x0] * (1 - fx) * fy + grid[(y0 + 1) * (cells + 1) + x0 + 1] * fx * fy;
				out[y * size + x] = (float) v;
			}
		return out;
	}

	/** Stripes, checks, fine noise or blotches of the given amplitude (none when it is 0). */
	private static float[] texture(Random r, int size, double amplitude) {
		float[] out = new float[size * size];
		if (amplitude == 0) return out;
		int kind = r.nextInt(4);
		double period = 3 + r.nextDouble() * 12, angle = r.nextDouble() * Math.PI;
		double ca = Math.cos(angle), sa = Math.sin(angle);
		float[] blotch = kind == 3 ? smoothNoise(r, size, 8 + r.nextInt(24), amplitude) : null;
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				double u = (x * ca + y * sa) / period, v = (-x * sa + y * ca) / period;
				double t = switch (kind) {
					case 0 -> Math.sin(2 * Math.PI * u);
					case 1 -> ((int) Math.floor(u) + (int) Math.floor(v)) % 2 == 0 ? 1 : -1;
					case 2 -> r.nextGaussian() * 0.6;
					default -> blotch[y * size + x] / amplitude;
				};
				out[y * size + x] = (float) (t * amplitude);
			}
		return out;
	}

	/** The outline of a class, centred at 0 and about 2 wide (before scaling by half the object side). */
	static Shape shape(int cls, Random r) {
		if (cls == FIGURE || cls == COMPOSITE) {
			Area union = new Area();
			for (Part p : parts(cls, r)) union.add(new Area(p.shape()));
			return union;
		}
		switch (NAMES[cls]) {
			case "ellipse":
				return new Ellipse2D.Double(-1, -1, 2, 2);
			case "rounded-rectangle":
				return new RoundRectangle2D.Double(-1, -1, 2, 2, r.nextDouble(), r.nextDouble());
			case "triangle":
				return polygon(new double[] { -1, 1, -1 + 2 * r.nextDouble() }, new double[] { 1, 1, -1 });
			case "polygon": {
				int k = 5 + r.nextInt(4);
				return radial(k, i -> 1.0, r.nextDouble());
			}
			case "star": {
				int k = 5 + r.nextInt(3);
				double inner = 0.35 + 0.25 * r.nextDouble();
				return radial(2 * k, i -> i % 2 == 0 ? 1.0 : inner, 0);
			}
			case "ring": {
				Area a = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
				double h = 0.3 + 0.35 * r.nextDouble();
				a.subtract(new Area(new Ellipse2D.Double(-h + 0.15 * (r.nextDouble() - 0.5), -h, 2 * h, 2 * h)));
				return a;
			}
			case "cross": {
				double w = 0.15 + 0.25 * r.nextDouble();
				Area a = new Area(new Rectangle2D.Double(-1, -w, 2, 2 * w));
				a.add(new Area(new Rectangle2D.Double(-w, -1, 2 * w, 2)));
				return a;
			}
			case "blob": {
				double[] amp = new double[5], ph = new double[5];
				for (int i = 0; i < 5; i++) {
					amp[i] = r.nextDouble() * 0.25 / (i + 1);
					ph[i] = r.nextDouble() * 2 * Math.PI;
				}
				return radial(64, i -> {
					double a = 2 * Math.PI * i / 64, v = 0.75;
					for (int f = 0; f < 5; f++) v += amp[f] * Math.cos((f + 2) * a + ph[f]);
					return v;
				}, 0);
			}
			case "crescent": {
				Area a = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
				double d = 0.35 + 0.4 * r.nextDouble();
				a.subtract(new Area(new Ellipse2D.Double(-1 + d, -1, 2, 2)));
				return a;
			}
			case "l-shape": {
				double w = 0.3 + 0.4 * r.nextDouble();
				Area a = new Area(new Rectangle2D.Double(-1, -1, w, 2));
				a.add(new Area(new Rectangle2D.Double(-1, 1 - w, 2, w)));
				return a;
			}
			case "dumbbell": {
				double rad = 0.35 + 0.2 * r.nextDouble(), bar = 0.08 + 0.12 * r.nextDouble();
				Area a = new Area(new Ellipse2D.Double(-1, -rad, 2 * rad, 2 * rad));
				a.add(new Area(new Ellipse2D.Double(1 - 2 * rad, -rad, 2 * rad, 2 * rad)));
				a.add(new Area(new Rectangle2D.Double(-1 + rad, -bar, 2 - 2 * rad, 2 * bar)));
				return a;
			}
			case "heart": {
				Area a = new Area(new Ellipse2D.Double(-1, -1, 1.1, 1.1));
				a.add(new Area(new Ellipse2D.Double(-0.1, -1, 1.1, 1.1)));
				a.add(new Area(polygon(new double[] { -0.95, 0.95, 0 }, new double[] { -0.3, -0.3, 1 })));
				return a;
			}
			case "gear": {
				int teeth = 8 + r.nextInt(6);
				Area a = new Area(radial(4 * teeth, i -> (i / 2) % 2 == 0 ? 1.0 : 0.75, 0));
				if (r.nextBoolean()) a.subtract(new Area(new Ellipse2D.Double(-0.25, -0.25, 0.5, 0.5)));
				return a;
			}
			case "frame": {
				double w = 0.2 + 0.3 * r.nextDouble();
				Area a = new Area(new Rectangle2D.Double(-1, -1, 2, 2));
				a.subtract(new Area(new Rectangle2D.Double(-1 + w, -1 + w, 2 - 2 * w, 2 - 2 * w)));
				return a;
			}
			case "arc-band": {
				double extent = 120 + r.nextDouble() * 150;
				return new BasicStroke((float) (0.2 + 0.3 * r.nextDouble()), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
					.createStrokedShape(new Arc2D.Double(-0.8, -0.8, 1.6, 1.6, r.nextDouble() * 360, extent, Arc2D.OPEN));
			}
			case "tadpole": {
				Area a = new Area(new Ellipse2D.Double(-1, -0.45, 0.9, 0.9));
				a.add(new Area(new BasicStroke((float) (0.08 + 0.1 * r.nextDouble()), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
					.createStrokedShape(new QuadCurve2D.Double(-0.2, 0, 0.4, (r.nextDouble() - 0.5) * 1.6, 1, (r.nextDouble() - 0.5)))));
				return a;
			}
			case "arrow": {
				double w = 0.15 + 0.15 * r.nextDouble();
				return polygon(new double[] { -1, 0.2, 0.2, 1, 0.2, 0.2, -1 }, new double[] { -w, -w, -0.7, 0, 0.7, w, w });
			}
			case "disk-cluster": {
				Area a = new Area();
				int k = 3 + r.nextInt(3);
				for (int i = 0; i < k; i++) {
					double rad = 0.3 + 0.2 * r.nextDouble(), ang = 2 * Math.PI * i / k;
					double cx = Math.cos(ang) * (1 - rad) * 0.8, cy = Math.sin(ang) * (1 - rad) * 0.8;
					a.add(new Area(new Ellipse2D.Double(cx - rad, cy - rad, 2 * rad, 2 * rad)));
				}
				return a;
			}
			default:
				throw new IllegalArgumentException("class " + cls);
		}
	}

	/** An object's parts with their fill indices: one part for the plain shape classes. */
	static List<Part> parts(int cls, Random r) {
		if (cls == FIGURE) return figure(r);
		if (cls == COMPOSITE) return composite(r);
		return List.of(new Part(shape(cls, r), 0));
	}

	/**
	 * A standing person, about 2 tall and 0.6-0.9 wide, in drawing order (later parts cover earlier ones). Fills: 0
	 * skin, 1 upper clothes, 2 lower clothes, 3 shoes, 4 bag.
	 */
	private static List<Part> figure(Random r) {
		List<Part> parts = new ArrayList<>();
		double headH = 0.22 + 0.08 * r.nextDouble(), headW = headH * (0.75 + 0.1 * r.nextDouble());
		double shoulderY = -1 + headH + 0.06, shoulders = 0.4 + 0.16 * r.nextDouble(), hips = 0.3 + 0.14 * r.nextDouble();
		double hipY = shoulderY + 0.62 + 0.12 * r.nextDouble(), footY = 0.92;
		double facing = r.nextInt(3) - 1; // left, front or right: where feet and a swinging arm point
		// a backpack shows behind a figure seen from the side; a handbag hangs from a hand
		boolean backpack = facing != 0 && r.nextDouble() < 0.3, handbag = !backpack && r.nextDouble() < 0.2;
		if (backpack) {
			double w = 0.16 + 0.08 * r.nextDouble();
			parts.add(new Part(new RoundRectangle2D.Double(-facing * shoulders / 2 - w / 2, shoulderY + 0.04, w,
				0.3 + 0.12 * r.nextDouble(), 0.08, 0.08), 4));
		}
		// legs: a walking stride or standing together
		double legW = 0.1 + 0.06 * r.nextDouble(), legL = footY - hipY;
		double stride = r.nextDouble() < 0.7 ? Math.toRadians(6 + 14 * r.nextDouble()) : Math.toRadians(3 * r.nextDouble());
		for (int side = -1; side <= 1; side += 2) {
			double hx = side * hips / 4, a = side * stride, fx = hx + Math.sin(a) * legL, fy = hipY + Math.cos(a) * legL;
			parts.add(new Part(stroke(legW, hx, hipY - 0.05, fx, fy), 2));
			double shoe = legW * (1.4 + 0.4 * r.nextDouble());
			parts.add(new Part(new Ellipse2D.Double(fx - shoe / 2 + facing * shoe * 0.3, fy - 0.02, shoe, 0.07), 3));
		}
		parts.add(new Part(new Rectangle2D.Double(-headW * 0.22, -1 + headH * 0.8, headW * 0.44, shoulderY - (-1 + headH * 0.8) + 0.05), 0));
		// torso, sometimes a coat or dress that widens below the hips; rounded corners from a stroked outline
		double bottom = hipY + (r.nextDouble() < 0.3 ? 0.2 + 0.3 * r.nextDouble() : 0), flare = bottom > hipY ? 1.2 + 0.3 * r.nextDouble() : 1;
		Shape trunk = polygon(new double[] { -shoulders / 2, shoulders / 2, hips / 2 * flare, -hips / 2 * flare },
			new double[] { shoulderY, shoulderY, bottom, bottom });
		Area torso = new Area(trunk);
		torso.add(new Area(new BasicStroke(0.08f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND).createStrokedShape(trunk)));
		parts.add(new Part(torso, 1));
		parts.add(new Part(new Ellipse2D.Double(-headW / 2, -1, headW, headH), 0));
		// arms: hanging, swinging, or one hidden behind the body
		double armW = 0.08 + 0.05 * r.nextDouble(), armL = 0.55 + 0.15 * r.nextDouble();
		boolean swing = r.nextBoolean();
		for (int side = -1; side <= 1; side += 2) {
			if (side == 1 && r.nextDouble() < 0.15) continue;
			double sx = side * (shoulders / 2 - armW / 3), sy = shoulderY + armW / 2;
			double a = swing ? -side * stride * (1 + r.nextDouble()) : side * Math.toRadians(3 + 7 * r.nextDouble());
			double hx = sx + Math.sin(a) * armL, hy = sy + Math.cos(a) * armL;
			parts.add(new Part(stroke(armW, sx, sy, hx, hy), 1));
			parts.add(new Part(new Ellipse2D.Double(hx - armW * 0.6, hy - armW * 0.6, armW * 1.2, armW * 1.3), 0));
			if (handbag && side == 1) parts.add(new Part(new RoundRectangle2D.Double(hx - 0.1, hy, 0.2, 0.14 + 0.08 * r.nextDouble(), 0.04, 0.04), 4));
		}
		return normalise(parts);
	}

	/** 2-4 overlapping shapes of the plain seen classes, each with its own fill. */
	private static List<Part> composite(Random r) {
		List<Part> parts = new ArrayList<>();
		Area union = new Area();
		int k = 2 + r.nextInt(3);
		for (int i = 0; i < k; i++) {
			Shape unit = shape(r.nextInt(FIGURE), r);
			double scale = 0.35 + 0.35 * r.nextDouble(), aspect = 0.6 + 0.8 * r.nextDouble(), angle = r.nextDouble() * 2 * Math.PI;
			Area part = null;
			// move it until it overlaps what is there, so the union stays one piece
			for (int tries = 0; tries < 10 && (part == null || !overlaps(part, union)); tries++) {
				Rectangle2D b = union.isEmpty() ? new Rectangle2D.Double() : union.getBounds2D();
				double reach = (1 - tries / 10.0) * (0.5 + 0.5 * r.nextDouble()), a = r.nextDouble() * 2 * Math.PI;
				AffineTransform t = AffineTransform.getTranslateInstance(b.getCenterX() + Math.cos(a) * b.getWidth() / 2 * reach,
					b.getCenterY() + Math.sin(a) * b.getHeight() / 2 * reach);
				t.rotate(angle);
				t.scale(scale * Math.sqrt(aspect), scale / Math.sqrt(aspect));
				part = new Area(polygonal(t.createTransformedShape(unit), 0.005));
			}
			union.add(part);
			parts.add(new Part(part, i));
		}
		return normalise(parts);
	}

	private static boolean overlaps(Area a, Area b) {
		if (b.isEmpty()) return true;
		Area i = new Area(a);
		i.intersect(b);
		return !i.isEmpty();
	}

	/** Centres the parts and scales them so that the longer side of their bounds is 2. */
	private static List<Part> normalise(List<Part> parts) {
		Area union = new Area();
		for (Part p : parts) union.add(new Area(p.shape()));
		Rectangle2D b = union.getBounds2D();
		double s = 2 / Math.max(b.getWidth(), b.getHeight());
		AffineTransform t = AffineTransform.getScaleInstance(s, s);
		t.translate(-b.getCenterX(), -b.getCenterY());
		return parts.stream().map(p -> new Part(t.createTransformedShape(p.shape()), p.fill())).toList();
	}

	/**
	 * The shape with its curves replaced by line segments at most {@code flatness} away. java.awt.geom.Area can
	 * loop for minutes and fill the heap when combining nearly coincident curves (a training run stalled so at
	 * step 13,691); on polygons it cannot.
	 */
	static Shape polygonal(Shape shape, double flatness) {
		Path2D.Double path = new Path2D.Double();
		path.append(shape.getPathIterator(null, flatness), false);
		return path;
	}

	/** A round-capped thick line: limbs. */
	private static Shape stroke(double width, double x0, double y0, double x1, double y1) {
		return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
			.createStrokedShape(new java.awt.geom.Line2D.Double(x0, y0, x1, y1));
	}

	private static Shape polygon(double[] xs, double[] ys) {
		Path2D.Double p = new Path2D.Double();
		p.moveTo(xs[0], ys[0]);
		for (int i = 1; i < xs.length; i++) p.lineTo(xs[i], ys[i]);
		p.closePath();
		return p;
	}

	private static Shape radial(int k, java.util.function.IntToDoubleFunction radius, double phase) {
		double[] xs = new double[k], ys = new double[k];
		for (int i = 0; i < k; i++) {
			double a = phase + 2 * Math.PI * i / k;
			xs[i] = Math.cos(a) * radius.applyAsDouble(i);
			ys[i] = Math.sin(a) * radius.applyAsDouble(i);
		}
		return polygon(xs, ys);
	}

	/** All classes, or only the seen / unseen ones. */
	public static int[] classes(Boolean seen) {
		return java.util.stream.IntStream.range(0, CLASSES).filter(c -> seen == null || isSeen(c) == seen).toArray();
	}

	/** Masks of the seen classes only (partial supervision), or of every class. */
	public static boolean[] maskedClasses(boolean all) {
		boolean[] m = new boolean[CLASSES];
		Arrays.fill(m, 0, all ? CLASSES : SEEN, true);
		return m;
	}
}
