package sc.fiji.deepmac.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ij.measure.Calibration;
import ij.measure.ResultsTable;

import sc.fiji.deepmac.model.ModelProvenance;

/**
 * The per-instance measurements, as rows for a CSV file or an ImageJ results table: the box, its own mask's area and
 * mean probability, the pixels it kept in the label image ({@code in_labels}) and a note ({@link Instance#note()}:
 * empty, hidden, mostly hidden, or nothing).
 */
public final class InstanceTable {

	private List<String> header;
	private final List<List<Object>> rows = new ArrayList<>();

	public InstanceTable(List<Instance> instances, Calibration calibration) {
		String unit = calibration.getUnit();
		header = List.of("label", "name", "slice", "frame", "box_x", "box_y", "box_width", "box_height", "area_px",
			"area_" + (unit == null || unit.isBlank() ? "pixel" : unit.replace(' ', '_')) + "^2", "mean_probability",
			"in_labels", "note");
		for (Instance i : instances)
			rows.add(List.of(i.label(), i.box().name(), i.slice(), i.frame(), i.box().x(), i.box().y(),
				i.box().width(), i.box().height(), i.area(), i.calibratedArea(), i.meanProbability(), i.inLabels(), i.note()));
	}

	/**
	 * Adds the provenance columns at the end: {@code model}, {@code model_folder}, {@code model_sha256}, the same on
	 * every row (docs/models.md).
	 */
	public InstanceTable withModel(ModelProvenance model) {
		header = Stream.concat(header.stream(), Stream.of("model", "model_folder", "model_sha256")).toList();
		rows.replaceAll(row -> Stream.concat(row.stream(), Stream.of(model.name(), model.folder(), model.sha256()))
			.toList());
		return this;
	}

	public List<String> header() {
		return header;
	}

	public List<List<Object>> rows() {
		return rows;
	}

	/** The same rows in a new ImageJ results table. */
	public ResultsTable toResultsTable() {
		ResultsTable table = new ResultsTable();
		for (List<Object> row : rows) {
			table.incrementCounter();
			for (int c = 0; c < header.size(); c++) {
				Object v = row.get(c);
				if (v instanceof Number n) table.addValue(header.get(c), n.doubleValue());
				else table.addValue(header.get(c), String.valueOf(v));
			}
		}
		return table;
	}
}
