package sc.fiji.deepmac.options;

import sc.fiji.deepmac.Labelled;

/** What a ROI without a stack position acts on in a stack or hyperstack. */
public enum UnpositionedRois implements Labelled {
	/** Every (slice, frame) plane: the default. */
	EVERY_PLANE("every plane"),
	/** The plane that the image shows now. */
	CURRENT_PLANE("current plane");

	private final String label;

	UnpositionedRois(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}

	public static String[] labels() {
		return Labelled.labels(values());
	}

	public static UnpositionedRois parse(String text) {
		return Labelled.find(values(), text).orElseThrow(() -> new IllegalArgumentException("Unknown choice '" + text
			+ "' for unpositioned ROIs: use " + String.join(" or ", labels())));
	}

	@Override
	public String toString() {
		return label;
	}
}
