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
 * Classes 0..{@link #SEEN}-1 are the "seen" classes, {@link #SEEN}..{@link #CLASSES}-1 the "unseen" ones: in
 * training the unseen classes appear in the images and get boxes but no mask loss (partial supervision, as
 * the paper's VOC / non-VOC split), and evaluation reports the two groups apart.
 */
public final class SyntheticScenes {

	public static final String[] NAMES = { "ellipse", "rounded-rectangle", "triangle", "polygon", "star", "ring",
		"cross", "blob", "crescent", "l-shape", "dumbbell", "heart",
		// unseen
		"gear", "frame", "arc-band", "tadpole", "arrow", "disk-cluster" };
	public static final int CLASSES = NAMES.length;
	public static final int SEEN = 12;

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
		List<double[]> placed = new ArrayList<>();
		for (int k = 1; k <= count; k++) {
			int cls = classes[r.nextInt(classes.length)];
			double side = minSide * Math.pow(maxSide / minSide, r.nextDouble());
			double cx, cy;
			if (!placed.isEmpty() && r.nextDouble() < 0.35) {
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
			placed.add(new double[] { cx, cy, side });
			Shape unit = shape(cls, r);
			AffineTransform t = new AffineTransform();
			t.translate(cx, cy);
			t.rotate(r.nextDouble() * 2 * Math.PI);
			double aspect = 0.6 + 0.8 * r.nextDouble();
			t.scale(side / 2 * Math.sqrt(aspect), side / 2 / Math.sqrt(aspect));
			Area area = new Area(t.createTransformedShape(unit));
			double contrast = polarity * (r.nextDouble() < 0.85 ? 1 : -1) * (25 + r.nextDouble() * 110);
			float[] objTexture = r.nextDouble() < 0.4 ? texture(r, size, 5 + r.nextDouble() * 30) : null;
			float[] objTint = tint(r, 0.6);
			if (photoScene && r.nextDouble() < 0.7) fill(ch, labels, k, size, area, photos.patch(r), (float) (0.3 * contrast));
			else paint(ch, labels, k, size, area, (float) contrast, objTexture, objTint);
			if (r.nextDouble() < 0.25) {
				// a brighter or darker rim: outlined objects
				Area rim = new Area(new BasicStroke((float) Math.max(1.5, side * 0.06)).createStrokedShape(area));
				rim.intersect(area);
				paint(ch, null, k, size, rim, (float) (contrast * 0.6), null, objTint);
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
			AffineTransform t = new AffineTransform();
			t.translate(cx, cy);
			t.rotate(r.nextDouble() * 2 * Math.PI);
			double aspect = 0.7 + 0.6 * r.nextDouble();
			t.scale(side / 2 * Math.sqrt(aspect) * 0.95, side / 2 / Math.sqrt(aspect) * 0.95);
			int label = placed.size();
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
	private static float[] smoothNoise(Random r, int size, int cells, double amplitude) {
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
