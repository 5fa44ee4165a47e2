package sc.fiji.deepmac.mask;

import java.util.stream.IntStream;

import sc.fiji.deepmac.model.RgbImage;

/**
 * Box masks whose edges follow the image: each box's reframed probabilities are passed through a {@link GuidedFilter}
 * with the image the model saw as the guide, over the box's region. The model's 32 x 32 masks blur edges by a mask
 * cell or two; the filter's window is about that size ({@code radius} times the box's long side, at least one pixel),
 * so a mask edge moves onto an image edge within that distance and is otherwise left where the model put it. Values
 * are clipped to 0-1 so that they stay probabilities. Every box is filtered once, when this is made. Measured effect
 * and the choice of the constants: docs/edges.md.
 */
public final class EdgeSnappedMasks implements BoxProbabilities {

	/** The window of {@link EdgeSnap#ON} for models that name none. */
	public static final double DEFAULT_RADIUS = 0.06;
	/** The guided filter's epsilon, in squared 0-1 colour units: changes much weaker than this count as noise. */
	static final double EPSILON = 1e-3;

	private final BoxProbabilities masks;
	private final int[][] regions;
	private final float[][] snapped;

	/**
	 * {@code masks} snapped to the edges of {@code guide}, the plane as the model saw it, or {@code masks} themselves
	 * when {@code radius} is 0.
	 *
	 * @param radius the filter's window, as a fraction of each box's long side
	 */
	public static BoxProbabilities snap(BoxProbabilities masks, RgbImage guide, double radius) {
		return radius > 0 ? new EdgeSnappedMasks(masks, guide, radius) : masks;
	}

	private EdgeSnappedMasks(BoxProbabilities masks, RgbImage guide, double radiusFraction) {
		this.masks = masks;
		int n = masks.count();
		regions = new int[n][];
		snapped = new float[n][];
		IntStream.range(0, n).parallel().forEach(k -> {
			int[] region = masks.region(k);
			regions[k] = region;
			if (region == null) return;
			int w = region[2] - region[0], h = region[3] - region[1];
			float[] p = new float[w * h];
			masks.reframe(k, region, p);
			int radius = (int) Math.max(1, Math.round(Math.max(w, h) * radiusFraction));
			GuidedFilter.filter(guide.pixels(), guide.width(), region, p, radius, EPSILON);
			for (int i = 0; i < p.length; i++) p[i] = Math.max(0f, Math.min(1f, p[i]));
			snapped[k] = p;
		});
	}

	@Override
	public int count() {
		return masks.count();
	}

	@Override
	public int[] region(int k) {
		return regions[k];
	}

	@Override
	public float probability(int k, int x, int y) {
		int[] r = regions[k];
		if (r == null || x < r[0] || y < r[1] || x >= r[2] || y >= r[3]) return 0f;
		return snapped[k][(y - r[1]) * (r[2] - r[0]) + x - r[0]];
	}

	@Override
	public void reframe(int k, int[] part, float[] out) {
		int[] r = regions[k];
		int w = part[2] - part[0], regionWidth = r[2] - r[0];
		for (int y = part[1]; y < part[3]; y++)
			System.arraycopy(snapped[k], (y - r[1]) * regionWidth + part[0] - r[0], out, (y - part[1]) * w, w);
	}
}
