package sc.fiji.deepmac.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import sc.fiji.deepmac.mask.Overlap;
import sc.fiji.deepmac.options.RunOptions;

/**
 * The one warning of a run about masks that the label image does not show: empty masks (no pixel above the
 * threshold) and hidden ones (a mask, but none or under half of its pixels in the label image, taken by overlapping
 * masks). Their ROIs and table rows are kept; the warning names them and says what to change.
 */
final class LostMasks {

	/** At most this many masks are named; the table's note column lists them all. */
	static final int MAX_NAMED = 50;

	private LostMasks() {}

	/**
	 * The warning for these instances, if any is empty or hidden.
	 *
	 * @param planes whether to name each mask's plane (the image has several)
	 */
	static Optional<String> warning(List<Instance> instances, SegmentationOptions options, boolean planes) {
		List<String> hidden = new ArrayList<>(), empty = new ArrayList<>();
		for (Instance i : instances) {
			String note = i.note();
			if (note.equals(Instance.EMPTY)) empty.add(name(i, planes));
			else if (note.equals(Instance.HIDDEN)) hidden.add(name(i, planes));
			else if (note.equals(Instance.MOSTLY_HIDDEN)) hidden.add(name(i, planes) + " (" + shown(i) + " shown)");
		}
		List<String> parts = new ArrayList<>();
		if (!hidden.isEmpty()) parts.add(count(hidden.size()) + " hidden in the label image by overlapping masks (their "
			+ "ROIs and table rows are kept; see the note column): " + names(hidden) + "; " + advice(options.overlap()));
		if (!empty.isEmpty()) parts.add(count(empty.size()) + " empty, no pixel above the threshold "
			+ options.threshold() + ": " + names(empty) + "; a lower " + RunOptions.THRESHOLD_LABEL.toLowerCase(Locale.ROOT)
			+ " or a box that fits the object better may help");
		return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
	}

	private static String count(int n) {
		return n + (n == 1 ? " mask is" : " masks are");
	}

	private static String name(Instance i, boolean planes) {
		return i.box().name() + (planes ? " (z" + i.slice() + " t" + i.frame() + ")" : "");
	}

	/** The part of a mostly hidden mask that the label image shows, in whole percent (under 1% said so). */
	private static String shown(Instance i) {
		long percent = 100 * i.inLabels() / i.area();
		return percent == 0 ? "under 1%" : percent + "%";
	}

	/** The names, at most {@value #MAX_NAMED} of them, then how many more. */
	static String names(List<String> names) {
		if (names.size() <= MAX_NAMED) return String.join(", ", names);
		return String.join(", ", names.subList(0, MAX_NAMED)) + " and " + (names.size() - MAX_NAMED) + " more";
	}

	/** Which overlap rule shows the hidden masks. */
	private static String advice(Overlap current) {
		String option = " (dialog: " + RunOptions.OVERLAP_LABEL + ")";
		return switch (current) {
			case PROBABILITY, LARGER_ON_TOP -> "to show boxes that lie inside larger ones use --overlap \""
				+ Overlap.SMALLER_ON_TOP.label() + "\"" + option;
			case SMALLER_ON_TOP -> "to show the larger boxes use --overlap \"" + Overlap.LARGER_ON_TOP.label() + "\"" + option;
		};
	}
}
