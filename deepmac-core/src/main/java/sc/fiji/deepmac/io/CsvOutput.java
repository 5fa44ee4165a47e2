package sc.fiji.deepmac.io;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves a table as CSV, atomically: UTF-8, {@code '\n'} line ends, RFC 4180 quoting where a field needs it. Numbers
 * do not depend on the default locale: doubles print the shortest digits that read back to the same value, without
 * exponent for everyday magnitudes ({@code 12.5}, {@code 3}, {@code 1234567}, {@code 0.001}). Null is an empty
 * field. Text that a spreadsheet would run as a formula (starting with {@code = + - @}, tab or carriage return) is
 * prefixed with {@code '}, as OWASP advises against CSV injection; numbers, negative ones included, stay numbers.
 */
public final class CsvOutput {

	// Outside this range of magnitudes plain digits would be long runs of zeros: Java's exponent form is kept.
	private static final double SMALLEST_PLAIN = 1e-6;
	private static final double LARGEST_PLAIN = 1e15;

	/** First characters with which a spreadsheet cell is a formula. */
	private static final String FORMULA_STARTS = "=+-@\t\r";

	private CsvOutput() {}

	/** @throws IllegalArgumentException if a row does not have as many fields as the header (nothing is written) */
	public static void write(List<String> header, List<? extends List<?>> rows, Path target) throws IOException {
		AtomicFiles.write(target, writer(header, rows));
	}

	/** What writes the table for {@link AtomicFiles}. @throws IllegalArgumentException as {@link #write} */
	public static IoWriter writer(List<String> header, List<? extends List<?>> rows) {
		checkRows(header, rows);
		return temporary -> {
			try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
				writeLines(out, header, rows);
			}
		};
	}

	/** The same table as the text of a CSV file. @throws IllegalArgumentException as {@link #write} */
	public static String format(List<String> header, List<? extends List<?>> rows) {
		checkRows(header, rows);
		StringWriter out = new StringWriter();
		try {
			writeLines(out, header, rows);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e); // a StringWriter does not throw
		}
		return out.toString();
	}

	private static void checkRows(List<String> header, List<? extends List<?>> rows) {
		for (int i = 0; i < rows.size(); i++) {
			if (rows.get(i).size() != header.size()) throw new IllegalArgumentException("Row " + (i + 1) + " has " + rows
				.get(i).size() + " fields, the header has " + header.size());
		}
	}

	private static void writeLines(Writer out, List<String> header, List<? extends List<?>> rows) throws IOException {
		writeLine(out, header);
		for (List<?> row : rows) writeLine(out, row);
	}

	private static void writeLine(Writer out, List<?> values) throws IOException {
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) out.write(',');
			out.write(field(values.get(i)));
		}
		out.write('\n');
	}

	/** One value as a CSV field, quoted if needed. */
	static String field(Object value) {
		String text = text(value);
		boolean needsQuotes = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text
			.indexOf('\r') >= 0;
		return needsQuotes ? '"' + text.replace("\"", "\"\"") + '"' : text;
	}

	private static String text(Object value) {
		if (value == null) return "";
		// Float via its own toString, so 0.1f prints as 0.1 and not as the double 0.10000000149011612.
		if (value instanceof Float number) return decimal(number.doubleValue(), Float.toString(number));
		if (value instanceof Double number) return decimal(number, Double.toString(number));
		if (value instanceof BigDecimal number) return number.toPlainString();
		String text = value.toString();
		boolean formula = !(value instanceof Number) && !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0;
		return formula ? "'" + text : text;
	}

	/** @param shortest Java's shortest round-trip form of {@code value}, which may use an exponent */
	private static String decimal(double value, String shortest) {
		double magnitude = Math.abs(value);
		boolean plain = magnitude == 0 || (magnitude >= SMALLEST_PLAIN && magnitude < LARGEST_PLAIN);
		if (!Double.isFinite(value) || !plain) return shortest;
		return new BigDecimal(shortest).stripTrailingZeros().toPlainString();
	}
}
