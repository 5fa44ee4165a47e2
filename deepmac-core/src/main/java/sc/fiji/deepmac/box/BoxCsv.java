package sc.fiji.deepmac.box;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads box prompts from a CSV file whose header names the columns {@code x,y,width,height} in any order, and
 * optionally {@code slice} (a 1-based stack index; empty or absent means every plane) and {@code name}. Other
 * columns are ignored, so that tables exported from elsewhere can be used as they are.
 */
public final class BoxCsv {

	private static final List<String> REQUIRED = List.of("x", "y", "width", "height");
	private static final List<String> KNOWN = List.of("x", "y", "width", "height", "slice", "name");
	private static final String BYTE_ORDER_MARK = "\uFEFF";

	private final Path csv;
	private final StackShape shape;
	private final Map<String, Integer> columns;
	private final int columnCount;

	private BoxCsv(Path csv, StackShape shape, Map<String, Integer> columns, int columnCount) {
		this.csv = csv;
		this.shape = shape;
		this.columns = columns;
		this.columnCount = columnCount;
	}

	/**
	 * The boxes of {@code csv}, in file order; {@code shape} turns the slice column into positions. The file is
	 * read line by line, so memory holds the boxes, never the whole text.
	 */
	public static List<Box> read(Path csv, StackShape shape) {
		try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
			return read(csv, shape, in);
		}
		catch (NoSuchFileException e) {
			throw new BoxInputException(csv + " does not exist: choose an existing CSV file of boxes", e);
		}
		catch (IOException e) {
			throw new BoxInputException(csv + " cannot be read (" + e + "): check that it is a UTF-8 text file", e);
		}
	}

	/** The boxes of the CSV text in {@code in}; {@code csv} names it in messages. */
	static List<Box> read(Path csv, StackShape shape, BufferedReader in) throws IOException {
		BoxCsv reader = null;
		List<Box> boxes = new ArrayList<>();
		int lineNumber = 0;
		for (String line = in.readLine(); line != null; line = in.readLine()) {
			lineNumber++;
			// Spreadsheet programs often start UTF-8 CSV files with a byte order mark, which would hide the first column
			if (lineNumber == 1 && line.startsWith(BYTE_ORDER_MARK)) line = line.substring(1);
			if (line.isBlank()) continue;
			List<String> fields = fields(csv, lineNumber, line);
			if (reader == null) reader = new BoxCsv(csv, shape, columns(csv, lineNumber, fields), fields.size());
			else boxes.add(reader.box(lineNumber, fields, boxes.size() + 1));
		}
		if (reader == null) throw new BoxInputException(csv + " is empty: its first line must be the header x,y,width,height");
		if (boxes.isEmpty()) throw new BoxInputException(csv + " has a header but no boxes: add one line per box");
		return boxes;
	}

	/** The fields of one line, trimmed; a field may be quoted ("...", with "" for a quote) to hold commas. */
	private static List<String> fields(Path csv, int lineNumber, String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c != '"') field.append(c);
				else if (i + 1 < line.length() && line.charAt(i + 1) == '"') field.append(line.charAt(++i));
				else quoted = false;
			}
			else if (c == '"') quoted = true;
			else if (c == ',') {
				fields.add(field.toString().trim());
				field.setLength(0);
			}
			else field.append(c);
		}
		if (quoted) throw error(csv, lineNumber, "a quote is not closed", "close it with \"");
		fields.add(field.toString().trim());
		return fields;
	}

	private static Map<String, Integer> columns(Path csv, int lineNumber, List<String> header) {
		Map<String, Integer> columns = new HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			String column = header.get(i).toLowerCase(Locale.ROOT);
			if (!KNOWN.contains(column)) continue;
			if (columns.putIfAbsent(column, i) != null)
				throw error(csv, lineNumber, "the header has the column " + column + " twice", "keep only one");
		}
		List<String> missing = REQUIRED.stream().filter(column -> !columns.containsKey(column)).toList();
		if (!missing.isEmpty()) throw error(csv, lineNumber, "the header lacks the column(s) " + String.join(", ", missing),
			"the first line must name the columns x,y,width,height (and optionally slice, name), separated by commas");
		return columns;
	}

	private Box box(int lineNumber, List<String> fields, int row) {
		if (fields.size() != columnCount) throw error(csv, lineNumber,
			fields.size() + " fields, but the header has " + columnCount + " columns",
			"give every line one value per column (use a dot as decimal separator)");
		double x = number(lineNumber, fields, "x");
		double y = number(lineNumber, fields, "y");
		double width = size(lineNumber, fields, "width");
		double height = size(lineNumber, fields, "height");
		int[] position = position(lineNumber, field(fields, "slice"));
		String name = field(fields, "name");
		return new Box(name.isEmpty() ? "box-" + row : name, x, y, width, height, position[0], position[1], position[2]);
	}

	/** The field of an optional column; empty where the column is absent. */
	private String field(List<String> fields, String column) {
		Integer index = columns.get(column);
		return index == null ? "" : fields.get(index);
	}

	private double number(int lineNumber, List<String> fields, String column) {
		String text = field(fields, column);
		if (text.isEmpty()) throw error(csv, lineNumber, column + " is empty", "give it a value in pixels");
		double value;
		try {
			value = Double.parseDouble(text);
		}
		catch (NumberFormatException e) {
			throw error(csv, lineNumber, column + " '" + text + "' is not a number", "give it a value in pixels");
		}
		if (!Double.isFinite(value))
			throw error(csv, lineNumber, column + " '" + text + "' is not a finite number", "give it a value in pixels");
		return value;
	}

	private double size(int lineNumber, List<String> fields, String column) {
		double value = number(lineNumber, fields, column);
		if (value < 0) throw error(csv, lineNumber, column + " " + field(fields, column) + " is negative",
			"give the size in pixels, 0 or more");
		return value;
	}

	/** {@code {channel, slice, frame}} of a stack index; all 0 (every plane) when it is empty. */
	private int[] position(int lineNumber, String slice) {
		if (slice.isEmpty()) return new int[3];
		double stackIndex;
		try {
			stackIndex = Double.parseDouble(slice);
		}
		catch (NumberFormatException e) {
			throw error(csv, lineNumber, "slice '" + slice + "' is not a number", "give a stack index, or leave it empty for every plane");
		}
		if (stackIndex != Math.rint(stackIndex) || stackIndex < 1 || stackIndex > shape.size())
			throw error(csv, lineNumber, "slice " + slice + " is outside the image's stack 1.." + shape.size(),
				"give a whole stack index in that range, or leave it empty for every plane");
		return shape.position((int) stackIndex);
	}

	private static BoxInputException error(Path csv, int lineNumber, String problem, String remedy) {
		return new BoxInputException(csv + ", line " + lineNumber + ": " + problem + ": " + remedy);
	}
}
