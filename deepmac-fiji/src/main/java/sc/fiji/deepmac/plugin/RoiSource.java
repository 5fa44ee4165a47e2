package sc.fiji.deepmac.plugin;

import java.util.Arrays;
import java.util.Locale;

/** Where the box prompts come from. */
public enum RoiSource {
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
	public String label() {
		return label;
	}

	public static String[] labels() {
		return Arrays.stream(values()).map(RoiSource::label).toArray(String[]::new);
	}

	/** Parses a label ({@code ROI Manager}, {@code Overlay}, {@code RoiSet file}) or a constant name, ignoring case. */
	public static RoiSource parse(String text) {
		String t = text == null ? "" : text.trim();
		for (RoiSource s : values())
			if (s.label.equalsIgnoreCase(t) || s.name().equalsIgnoreCase(t.replace(' ', '_'))) return s;
		if (t.toLowerCase(Locale.ROOT).startsWith("file") || t.toLowerCase(Locale.ROOT).startsWith("roiset")) return FILE;
		throw new IllegalArgumentException("Unknown ROI source '" + text + "': use " + String.join(", ", labels()));
	}

	@Override
	public String toString() {
		return label;
	}
}
