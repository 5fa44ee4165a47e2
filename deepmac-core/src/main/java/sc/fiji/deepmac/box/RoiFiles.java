package sc.fiji.deepmac.box;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import ij.gui.Roi;
import ij.io.RoiDecoder;

/**
 * Reads ImageJ ROIs from a single {@code .roi} file or a ROI Manager RoiSet {@code .zip}, without a display. A .roi
 * is a few kilobytes, so a file or zip entry of more than {@link #MAX_ROI_BYTES} and a zip of more than
 * {@link #MAX_ENTRIES} entries are refused before they are read (a small zip can inflate to gigabytes).
 */
public final class RoiFiles {

	/** The largest .roi file or RoiSet entry read: 10 MiB (a polygon of about a million points). */
	public static final int MAX_ROI_BYTES = 10 << 20;
	/** The most entries a RoiSet may have. */
	public static final int MAX_ENTRIES = 1_000_000;

	private RoiFiles() {}

	/** The ROIs of {@code file}: one for a {@code .roi} file, all of a RoiSet in zip order. */
	public static Roi[] read(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".zip")) return readRoiSet(file);
		if (name.endsWith(".roi")) return new Roi[] { readRoi(file) };
		throw new BoxInputException(file + " is neither a .roi file nor a RoiSet .zip: save the ROIs from the ROI Manager");
	}

	private static Roi readRoi(Path file) {
		try {
			if (Files.size(file) > MAX_ROI_BYTES) throw tooLarge(file.toString(), Files.size(file));
			return decode(Files.readAllBytes(file), file.getFileName().toString(), file.toString());
		}
		catch (NoSuchFileException e) {
			throw missing(file, e);
		}
		catch (IOException e) {
			throw unreadable(file, e);
		}
	}

	private static Roi[] readRoiSet(Path file) {
		if (!Files.exists(file)) throw missing(file, null);
		try (ZipFile zip = new ZipFile(file.toFile())) {
			if (zip.size() > MAX_ENTRIES) throw new BoxInputException(file + " has " + zip.size() + " entries, more than the "
				+ MAX_ENTRIES + " a RoiSet may have: split it, or give the boxes as a CSV table");
			List<Roi> rois = new ArrayList<>();
			for (ZipEntry entry : Collections.list(zip.entries())) {
				// The ROI Manager skips other entries too
				if (entry.isDirectory() || !entry.getName().toLowerCase(Locale.ROOT).endsWith(".roi")) continue;
				String where = file + " (entry " + entry.getName() + ")";
				if (entry.getSize() > MAX_ROI_BYTES) throw tooLarge(where, entry.getSize());
				try (InputStream in = zip.getInputStream(entry)) {
					// The declared size may lie: read at most one byte more than allowed
					byte[] bytes = in.readNBytes(MAX_ROI_BYTES + 1);
					if (bytes.length > MAX_ROI_BYTES) throw tooLarge(where, -1);
					rois.add(decode(bytes, entry.getName(), where));
				}
			}
			if (rois.isEmpty())
				throw new BoxInputException(file + " holds no ROIs: add rectangles to the ROI Manager and save them again");
			return rois.toArray(Roi[]::new);
		}
		catch (ZipException e) {
			throw new BoxInputException(file + " is not a readable zip file (" + e.getMessage()
				+ "): save the ROIs again from the ROI Manager", e);
		}
		catch (IOException e) {
			throw unreadable(file, e);
		}
	}

	/** The ROI of a .roi file's bytes; {@code fileName} names it when the file holds no name of its own. */
	private static Roi decode(byte[] bytes, String fileName, String where) {
		Roi roi;
		try {
			roi = new RoiDecoder(bytes, fileName).getRoi();
		}
		catch (IOException e) {
			throw notRoi(where, e.getMessage(), e);
		}
		catch (RuntimeException e) {
			// RoiDecoder reads past the end of short or empty data
			throw notRoi(where, "the data is cut short or corrupt", e);
		}
		if (roi == null) throw notRoi(where, "it holds no ROI", null);
		return roi;
	}

	private static BoxInputException notRoi(String where, String reason, Exception cause) {
		return new BoxInputException(where + " is not a readable ImageJ ROI (" + reason
			+ "): save the ROIs again from the ROI Manager", cause);
	}

	private static BoxInputException tooLarge(String where, long bytes) {
		String size = bytes < 0 ? " inflates to more than " : " has " + bytes + " bytes, more than ";
		return new BoxInputException(where + size + MAX_ROI_BYTES + " bytes, which no ImageJ ROI needs: save the ROIs again from the ROI Manager");
	}

	private static BoxInputException missing(Path file, Exception cause) {
		return new BoxInputException(file + " does not exist: choose an existing .roi file or RoiSet .zip", cause);
	}

	private static BoxInputException unreadable(Path file, IOException e) {
		return new BoxInputException(file + " cannot be read (" + e + "): check that it is a file you may read", e);
	}
}
