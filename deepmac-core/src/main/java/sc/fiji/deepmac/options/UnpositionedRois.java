package sc.fiji.deepmac.options;

import java.util.Arrays;

/** What a ROI without a stack position acts on in a stack or hyperstack. */
public enum UnpositionedRois {
	/** Every (slice, frame) plane: the default. */
	EVERY_PLANE("every plane"),
	/** The plane that the image shows now. */
	CURRENT_PLANE("current plane");

	private final String label;

	UnpositionedRois(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	public static String[] labels() {
		return Arrays.stream(values()).map(UnpositionedRois::label).toArray(String[]::new);
	}

	public static UnpositionedRois parse(String text) {
		String t = text == null ? "" : text.trim();
		for (UnpositionedRois u : values())
			if (u.label.equalsIgnoreCase(t) || u.name().equalsIgnoreCase(t.replace(' ', '_'))) return u;
		throw new IllegalArgumentException("Unknown choice '" + text + "' for unpositioned ROIs: use "
			+ String.join(" or ", labels()));
	}

	@Override
	public String toString() {
		return label;
	}
}
