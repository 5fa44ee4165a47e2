package sc.fiji.deepmac.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ij.gui.Roi;
import ij.io.RoiEncoder;

/**
 * Saves ROIs as an ImageJ RoiSet zip (what the ROI Manager's "Save" writes and "Open" reads), atomically. Entries
 * keep the list's order and are named {@code <name>.roi}; a ROI without a name is called {@code roi-<n>} (1-based
 * index), and a repeated name gets the first free suffix {@code -1}, {@code -2}, ... Names come from users' files,
 * so characters that an extractor could take for a path ({@code / \ :}, a leading dot, {@code ..}) and control
 * characters become {@code _}. Entries carry a fixed time, so identical ROIs give byte-identical zips.
 */
public final class RoiSetOutput {

	private static final String ENTRY_SUFFIX = ".roi";
	/** The time of every entry: 1980-01-01 00:00, the earliest a zip holds, as it stands (no time zone applied). */
	static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);
	/** Path separators, a drive colon and control characters; dots that start a name or make {@code ..}. */
	private static final Pattern UNSAFE = Pattern.compile("[/\\\\:\\p{Cntrl}]|^\\.+|\\.{2,}");

	private RoiSetOutput() {}

	public static void write(List<Roi> rois, Path target) throws IOException {
		AtomicFiles.write(target, writer(rois));
	}

	/** What writes the RoiSet for {@link AtomicFiles}. */
	public static IoWriter writer(List<Roi> rois) {
		List<String> names = uniqueNames(rois);
		return temporary -> writeZip(rois, names, temporary);
	}

	private static void writeZip(List<Roi> rois, List<String> names, Path file) throws IOException {
		try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
			RoiEncoder encoder = new RoiEncoder(zip);
			for (int i = 0; i < rois.size(); i++) {
				ZipEntry entry = new ZipEntry(names.get(i) + ENTRY_SUFFIX);
				entry.setTimeLocal(ENTRY_TIME);
				zip.putNextEntry(entry);
				encoder.write(renamed(rois.get(i), names.get(i)));
				zip.closeEntry();
			}
		}
	}

	/** The name inside the .roi matches the entry's name, so every reader sees the same unique names. */
	private static Roi renamed(Roi roi, String name) {
		Roi copy = (Roi) roi.clone();
		copy.setName(name);
		return copy;
	}

	/**
	 * The first ROI with a given name keeps it; later ones get suffixes that no ROI of the list asks for, so a
	 * name given by the user is never taken over by a generated one.
	 */
	private static List<String> uniqueNames(List<Roi> rois) {
		List<String> requested = new ArrayList<>(rois.size());
		for (int i = 0; i < rois.size(); i++) {
			String name = Objects.requireNonNull(rois.get(i), "ROI " + (i + 1) + " is null").getName();
			requested.add(name == null || name.isBlank() ? "roi-" + (i + 1) : safe(name));
		}
		Set<String> reserved = new HashSet<>(requested);
		Set<String> used = new HashSet<>();
		List<String> unique = new ArrayList<>(requested.size());
		for (String name : requested) {
			String chosen = used.contains(name) ? freeVariant(name, reserved, used) : name;
			used.add(chosen);
			unique.add(chosen);
		}
		return unique;
	}

	/** {@code name} without what could make an entry name a path or hide characters. */
	static String safe(String name) {
		return UNSAFE.matcher(name).replaceAll("_");
	}

	private static String freeVariant(String name, Set<String> reserved, Set<String> used) {
		for (int suffix = 1;; suffix++) {
			String candidate = name + "-" + suffix;
			if (!reserved.contains(candidate) && !used.contains(candidate)) return candidate;
		}
	}
}
