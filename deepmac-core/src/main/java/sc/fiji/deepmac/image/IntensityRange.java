package sc.fiji.deepmac.image;

/** The values that become 0 and 255 in a normalised plane. */
record IntensityRange(double low, double high) {

	/** The range of a plane without a single finite value. */
	static final IntensityRange NONE = new IntensityRange(0, 0);

	/** Whether nothing can be stretched: the plane then becomes all zeros instead of dividing by zero. */
	boolean isFlat() {
		return !(high > low);
	}
}
