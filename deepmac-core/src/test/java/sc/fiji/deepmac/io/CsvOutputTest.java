package sc.fiji.deepmac.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvOutputTest {

	@TempDir
	Path folder;

	@Test
	void writesHeaderAndRowsWithQuotingWhereNeeded() throws IOException {
		Path target = folder.resolve("out/img_instances.csv");
		List<List<Object>> rows = List.of(List.of("plain", 1, 12.5), List.of("a,b", 2, 3.0), List.of("say \"hi\"", 3,
			-0.25), List.of("two\nlines", 4, 1234567.0), List.of("cr\rhere", 5, 0.001), Arrays.asList("Zelle µ", null,
				Double.NaN));

		CsvOutput.write(List.of("name", "label", "area (µm²)"), rows, target);

		String expected = "name,label,area (µm²)\n" + //
			"plain,1,12.5\n" + //
			"\"a,b\",2,3\n" + //
			"\"say \"\"hi\"\"\",3,-0.25\n" + //
			"\"two\nlines\",4,1234567\n" + //
			"\"cr\rhere\",5,0.001\n" + //
			"Zelle µ,,NaN\n";
		assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
		assertEquals(expected, CsvOutput.format(List.of("name", "label", "area (µm²)"), rows), "the same as text");
	}

	@Test
	void textThatASpreadsheetWouldRunIsNeutralisedButNumbersStayNumbers() {
		List<List<Object>> rows = List.of(List.of("=HYPERLINK(\"http://x\")", -3, -2.5), List.of("+1", "@me", "-x"),
			List.of("\tcell", "safe", "a=b"));
		assertEquals("name,a,b\n" + //
			"\"'=HYPERLINK(\"\"http://x\"\")\",-3,-2.5\n" + //
			"'+1,'@me,'-x\n" + //
			"'\tcell,safe,a=b\n", CsvOutput.format(List.of("name", "a", "b"), rows));
	}

	@Test
	void numbersIgnoreTheDefaultLocale() {
		Locale userLocale = Locale.getDefault();
		Locale.setDefault(Locale.GERMANY);
		try {
			assertEquals("12.5", CsvOutput.field(12.5));
			assertEquals("\"x,y\"", CsvOutput.field("x,y"));
			assertEquals("1234567.25", CsvOutput.field(1234567.25));
		}
		finally {
			Locale.setDefault(userLocale);
		}
	}

	@Test
	void doublesPrintShortAndReadBackExactly() {
		assertEquals("3", CsvOutput.field(3.0));
		assertEquals("100", CsvOutput.field(100.0));
		assertEquals("0", CsvOutput.field(0.0));
		assertEquals("0", CsvOutput.field(-0.0));
		assertEquals("0.1", CsvOutput.field(0.1));
		assertEquals("0.30000000000000004", CsvOutput.field(0.1 + 0.2));
		assertEquals("0.000001", CsvOutput.field(1e-6));
		assertEquals("123456789012345", CsvOutput.field(123456789012345.0));
		assertEquals("1.0E-7", CsvOutput.field(1e-7));
		assertEquals("1.0E15", CsvOutput.field(1e15));
		assertEquals("Infinity", CsvOutput.field(Double.POSITIVE_INFINITY));
		assertEquals("-Infinity", CsvOutput.field(Double.NEGATIVE_INFINITY));
		for (double value : new double[] { Math.PI, 1.0 / 3, 2.5e-5, 9.999999999999999e14, Double.MIN_VALUE,
			Double.MAX_VALUE })
		{
			assertEquals(value, Double.parseDouble(CsvOutput.field(value)), "round trip of " + value);
		}
	}

	@Test
	void otherNumberTypes() {
		assertEquals("0.1", CsvOutput.field(0.1f), "a float prints its own shortest digits, not the double's");
		assertEquals("2", CsvOutput.field(2.0f));
		assertEquals("42", CsvOutput.field(42));
		assertEquals("-9007199254740993", CsvOutput.field(-9007199254740993L));
		assertEquals("1000", CsvOutput.field(new BigDecimal("1E+3")));
		assertEquals("true", CsvOutput.field(true));
		assertEquals("", CsvOutput.field(null));
	}

	@Test
	void rowOfTheWrongLengthIsRejectedBeforeWriting() {
		Path target = folder.resolve("bad.csv");

		IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> CsvOutput.write(List.of(
			"a", "b"), List.of(List.of(1, 2), List.of(3)), target));

		assertTrue(thrown.getMessage().contains("Row 2"), thrown.getMessage());
		assertTrue(Files.notExists(target));
	}

	@Test
	void headerOnlyTableIsStillAFile() throws IOException {
		Path target = folder.resolve("empty.csv");

		CsvOutput.write(List.of("name", "area"), List.of(), target);

		assertEquals("name,area\n", Files.readString(target));
	}
}
