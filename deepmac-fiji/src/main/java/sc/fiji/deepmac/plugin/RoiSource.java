package sc.fiji.deepmac.plugin;

import java.util.Locale;

import sc.fiji.deepmac.Labelled;

/** Where the box prompts come from. */
public enum RoiSource implements Labelled {
	/** The ROI Manager's ROIs (the default); without a display, the image's overlay instead. */
	ROI_MANAGER("ROI Manager"),
	/** The image's overlay. */
	OVERLAY("Overlay"),
	/** A {@code .roi} file or a RoiSet {@code .zip} saved from the ROI Manager. */
	FILE("RoiSet file");

	private final String label;

	RoiSource(String label) {
		this.label = label;
	}

	/** The name shown in dialogs and recorded in macros. */
	@Override
	public String label() {
		return label;
	}

	public static String[] labels() {
		return Labelled.labels(values());
	}

	/** Parses a label ({@code ROI Manager}, {@code Overlay}, {@code RoiSet file}) or a constant name, ignoring case. */
	public static RoiSource parse(String text) {
		String t = text == null ? "" : text.trim();
		java.util.Optional<RoiSource> named = Labelled.find(values(), t);
		if (named.isPresent()) return named.get();
		if (t.toLowerCase(Locale.ROOT).startsWith("file") || t.toLowerCase(Locale.ROOT).startsWith("roiset")) return FILE;
		throw new IllegalArgumentException("Unknown ROI source '" + text + "': use " + String.join(", ", labels()));
	}

	@Override
	public String toString() {
		return label;
	}
}
