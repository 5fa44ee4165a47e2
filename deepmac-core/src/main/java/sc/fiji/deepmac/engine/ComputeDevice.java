package sc.fiji.deepmac.engine;

import java.util.Locale;

/** Where TensorFlow runs the model. */
public enum ComputeDevice {
	CPU, GPU, AUTO;

	/** Parses {@code cpu}, {@code gpu} or {@code auto}, case-insensitively. */
	public static ComputeDevice parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException | NullPointerException e) {
			throw new IllegalArgumentException("Unknown device '" + text + "': use cpu, gpu or auto");
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
