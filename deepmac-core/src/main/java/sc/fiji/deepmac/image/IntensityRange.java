package sc.fiji.deepmac.image;

/**
 * The values that become 0 and 255 in a normalised plane.
 *
 * @param brightTail whether the upper end is set by a small bright part of the plane far above the rest (see
 *          {@link HistogramPercentiles}), which leaves the rest of the plane dim
 */
record IntensityRange(double low, double high, boolean brightTail) {

	/** The range of a plane without a single finite value. */
	static final IntensityRange NONE = new IntensityRange(0, 0);

	IntensityRange(double low, double high) {
		this(low, high, false);
	}

	/** Whether nothing can be stretched: the plane then becomes all zeros instead of dividing by zero. */
	boolean isFlat() {
		return !(high > low);
	}
}
