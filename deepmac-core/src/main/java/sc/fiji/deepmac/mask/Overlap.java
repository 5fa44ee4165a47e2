package sc.fiji.deepmac.mask;

import sc.fiji.deepmac.Labelled;

/**
 * Which box a pixel of the label image goes to where several boxes' masks claim it. It decides the label image
 * only: every box keeps its own mask as its ROI and its table row.
 */
public enum Overlap implements Labelled {
	/** The box with the higher probability at that pixel, ties to the lower label: the official post-processing. */
	PROBABILITY("probability"),
	/** The box of smaller area (nested boxes: the inner one); equal areas by probability. */
	SMALLER_ON_TOP("smaller on top"),
	/** The box of larger area (nested boxes: the outer one); equal areas by probability. */
	LARGER_ON_TOP("larger on top");

	private final String label;

	Overlap(String label) {
		this.label = label;
	}

	/** The name that users give: {@code probability}, {@code smaller on top}, {@code larger on top}. */
	@Override
	public String label() {
		return label;
	}

	/** Every choice's label, in declaration order. */
	public static String[] labels() {
		return Labelled.labels(values());
	}

	/**
	 * The rule named {@code text}: its label, or its constant's name, in any case ({@code smaller-on-top} too).
	 *
	 * @throws IllegalArgumentException naming the choices
	 */
	public static Overlap parse(String text) {
		return Labelled.parse(values(), text, "Overlap in labels");
	}

	/**
	 * A box's priority in the label image, from its area in pixels: the box with the higher priority takes a pixel
	 * that both masks claim; equal priorities are settled by probability.
	 */
	long priority(long boxArea) {
		return switch (this) {
			case PROBABILITY -> 0;
			case SMALLER_ON_TOP -> -boxArea;
			case LARGER_ON_TOP -> boxArea;
		};
	}

	@Override
	public String toString() {
		return label;
	}
}
