package sc.fiji.deepmac.mask;

/**
 * The per-box mask probabilities of one image plane, in the plane's pixels: what {@link PlaneLabeler} thresholds and
 * paints. {@link MaskReframer} gives the model's masks as the official post-processing puts them back in the image;
 * {@link EdgeSnappedMasks} gives them with their edges moved onto the image's.
 */
public interface BoxProbabilities {

	/** How many boxes. */
	int count();

	/**
	 * The pixels where box k's probability may be non-zero, as {@code {x0, y0, x1, y1}} (exclusive ends), or null
	 * when it has none.
	 */
	int[] region(int k);

	/** Box k's probability at pixel (x, y); 0 outside its region. */
	float probability(int k, int x, int y);

	/**
	 * Writes box k's probabilities over {@code part}, a rectangle inside {@code region(k)}, into {@code out}
	 * (row-major, the part's width), which must hold at least the part's area.
	 */
	void reframe(int k, int[] part, float[] out);
}
