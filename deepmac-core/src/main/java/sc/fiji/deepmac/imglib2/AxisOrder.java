package sc.fiji.deepmac.imglib2;

import java.util.Locale;

import sc.fiji.deepmac.UserError;

/**
 * The axis order of an ImgLib2 image: one letter per dimension from X, Y, C (channel), Z and T (time), X and Y first,
 * each at most once, such as {@code XY}, {@code XYZ}, {@code XYT} or {@code XYCZT}. The other axes may come in any
 * order after X and Y.
 */
public record AxisOrder(String letters) {

	private static final String KNOWN = "XYCZT";
	private static final String EXAMPLES = "axes=XY, XYZ, XYT, XYC or XYCZT";

	public AxisOrder {
		letters = check(letters);
	}

	/** The axes that {@code text} names, case-insensitive. @throws UserError of kind INPUT saying what to write */
	public static AxisOrder parse(String text) {
		return new AxisOrder(text);
	}

	/** The axes of an image of {@code channels} x {@code slices} x {@code frames} planes, singleton axes dropped. */
	public static AxisOrder of(int channels, int slices, int frames) {
		return new AxisOrder("XY" + (channels > 1 ? "C" : "") + (slices > 1 ? "Z" : "") + (frames > 1 ? "T" : ""));
	}

	private static String check(String text) {
		if (text == null || text.isBlank()) throw bad("No axes given: name one letter per dimension, " + EXAMPLES);
		String upper = text.trim().toUpperCase(Locale.ROOT);
		for (int i = 0; i < upper.length(); i++) {
			char c = upper.charAt(i);
			if (KNOWN.indexOf(c) < 0) throw bad("Axes '" + text.trim() + "' has '" + c
				+ "': use the letters X, Y, C (channel), Z and T (time), " + EXAMPLES);
			if (upper.indexOf(c) != i) throw bad("Axes '" + text.trim() + "' names " + c + " twice: " + EXAMPLES);
		}
		if (!upper.startsWith("XY")) throw bad("Axes '" + text.trim() + "' must start with XY (X and Y are the first "
			+ "two dimensions): " + EXAMPLES);
		return upper;
	}

	private static UserError bad(String message) {
		return new UserError(UserError.Kind.INPUT, message);
	}

	public int numDimensions() {
		return letters.length();
	}

	/** The dimension of axis {@code letter}, or -1 if the image has no such axis. */
	public int dimension(char letter) {
		return letters.indexOf(letter);
	}

	public boolean has(char letter) {
		return dimension(letter) >= 0;
	}

	/** These axes without {@code letter}, as the label image of a multichannel image has them without C. */
	public AxisOrder without(char letter) {
		return has(letter) ? new AxisOrder(letters.replace(String.valueOf(letter), "")) : this;
	}

	/** @throws UserError of kind INPUT if an image of {@code numDimensions} dimensions does not fit these axes */
	public void checkFits(int imageDimensions) {
		if (imageDimensions != numDimensions()) throw bad("Axes '" + letters + "' name " + numDimensions()
			+ " dimensions, but the image has " + imageDimensions + ": give one letter per dimension, " + EXAMPLES);
	}

	@Override
	public String toString() {
		return letters;
	}
}
