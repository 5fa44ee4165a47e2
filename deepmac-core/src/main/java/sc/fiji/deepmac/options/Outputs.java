package sc.fiji.deepmac.options;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run produces: the label image, the mask ROIs, the results table.
 * <p>
 * ImageJ 1.x macros record a checkbox only when it is ticked, so a macro that names no outputs would turn all three
 * off; the ImageJ 1.x dialog therefore offers these combinations as one choice ({@link #CHOICES}) whose default is
 * all three.
 */
public record Outputs(boolean labels, boolean rois, boolean table) implements java.io.Serializable {

	public static final Outputs ALL = new Outputs(true, true, true);

	/** The choices of the ImageJ 1.x dialog, the first (everything) being the default. */
	public static final String[] CHOICES = { "labels, ROIs and table", "labels and ROIs", "labels and table",
		"ROIs and table", "labels only", "ROIs only", "table only" };

	public Outputs {
		if (!labels && !rois && !table) throw new IllegalArgumentException(
			"Nothing to produce: ask for the label image, the mask ROIs or the results table");
	}

	/** Parses one of {@link #CHOICES}, or any text naming {@code labels}, {@code ROIs} and {@code table}. */
	public static Outputs parse(String text) {
		String t = text == null ? "" : text.toLowerCase(java.util.Locale.ROOT);
		if (t.isBlank()) return ALL;
		Outputs o = new Outputs(t.contains("label"), t.contains("roi"), t.contains("table"));
		return o;
	}

	/** This combination as the ImageJ 1.x dialog names it. */
	public String choice() {
		List<String> parts = new ArrayList<>();
		if (labels) parts.add("labels");
		if (rois) parts.add("ROIs");
		if (table) parts.add("table");
		if (parts.size() == 1) return parts.get(0) + " only";
		if (parts.size() == 2) return parts.get(0) + " and " + parts.get(1);
		return "labels, ROIs and table";
	}
}
