package sc.fiji.deepmac;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An option's choice with the name that users see and type (dialogs, macros, the command line): the enums of run
 * options implement it and share how their names are listed and read.
 */
public interface Labelled {

	/** The name shown in dialogs, recorded in macros and accepted on the command line. */
	String label();

	/** The labels of {@code choices}, in order. */
	static String[] labels(Labelled[] choices) {
		return Arrays.stream(choices).map(Labelled::label).toArray(String[]::new);
	}

	/**
	 * The choice that {@code text} names: its label or its constant's name, in any case, with '_' and '-' read as
	 * spaces ({@code smaller-on-top}, {@code EVERY_PLANE}).
	 */
	static <E extends Enum<E> & Labelled> Optional<E> find(E[] choices, String text) {
		String key = normal(text);
		return Arrays.stream(choices).filter(c -> normal(c.label()).equals(key) || normal(c.name()).equals(key)).findFirst();
	}

	/**
	 * The choice that {@code text} names ({@link #find}).
	 *
	 * @param what the option's name, for the error
	 * @throws IllegalArgumentException {@code WHAT 'TEXT' is not one of: LABELS}
	 */
	static <E extends Enum<E> & Labelled> E parse(E[] choices, String text, String what) {
		return find(choices, text).orElseThrow(() -> new IllegalArgumentException(what + " '" + text + "' is not one of: "
			+ String.join(", ", labels(choices))));
	}

	private static String normal(String text) {
		return text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
	}
}
