package sc.fiji.deepmac.mask;

import sc.fiji.deepmac.Labelled;

/** Whether masks are snapped to the image's edges ({@link EdgeSnappedMasks}). */
public enum EdgeSnap implements Labelled {
	/** As the model's folder says ({@code snap_edges} in its deepmac.properties); models that say nothing: off. */
	AUTO("auto"),
	/** Always: with the model's window, or {@link EdgeSnappedMasks#DEFAULT_RADIUS} for models that name none. */
	ON("on"),
	/** Never: the masks exactly as the official post-processing gives them. */
	OFF("off");

	private final String label;

	EdgeSnap(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}

	/** Every choice's label, in declaration order. */
	public static String[] labels() {
		return Labelled.labels(values());
	}

	/**
	 * The choice named {@code text}, in any case.
	 *
	 * @throws IllegalArgumentException naming the choices
	 */
	public static EdgeSnap parse(String text) {
		return Labelled.parse(values(), text, "Snap edges");
	}

	/**
	 * The snapping window, as a fraction of a box's long side, for a model whose own is {@code modelRadius} (0: the
	 * model names none); 0 means masks are not snapped.
	 */
	public double radius(double modelRadius) {
		return switch (this) {
			case AUTO -> modelRadius;
			case ON -> modelRadius > 0 ? modelRadius : EdgeSnappedMasks.DEFAULT_RADIUS;
			case OFF -> 0;
		};
	}

	@Override
	public String toString() {
		return label;
	}
}
