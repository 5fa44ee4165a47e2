package sc.fiji.deepmac.box;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.io.TempDir;

import ij.gui.Roi;

/**
 * The box parsers take any bytes: boxes, or a {@link BoxInputException} naming the file, never another exception.
 * Without JAZZER_FUZZ these run the committed inputs in BoxParsersFuzzTestInputs (regression mode); see
 * docs/reliability.md for fuzzing longer.
 */
class BoxParsersFuzzTest {

	private static final StackShape SHAPE = new StackShape(2, 3, 4);

	@TempDir
	static Path tmp;

	@FuzzTest(maxDuration = "30s")
	void boxCsv(byte[] bytes) throws IOException {
		Path file = Files.write(tmp.resolve("boxes.csv"), bytes);
		List<Box> boxes;
		try {
			boxes = BoxCsv.read(file, SHAPE);
		}
		catch (BoxInputException refused) {
			assertTrue(refused.getMessage().startsWith(file.toString()), refused.getMessage());
			return;
		}
		assertFalse(boxes.isEmpty());
		for (Box box : boxes) assertTrue(box.width() >= 0 && box.height() >= 0 && Double.isFinite(box.x()), box::toString);
	}

	@FuzzTest(maxDuration = "30s")
	void roiFile(byte[] bytes) throws IOException {
		readRois(Files.write(tmp.resolve("cell.roi"), bytes));
	}

	@FuzzTest(maxDuration = "30s")
	void roiSet(byte[] bytes) throws IOException {
		readRois(Files.write(tmp.resolve("RoiSet.zip"), bytes));
	}

	private static void readRois(Path file) {
		try {
			Roi[] rois = RoiFiles.read(file);
			RoiBoxes.fromRois(rois, SHAPE, new ArrayList<>());
		}
		catch (BoxInputException refused) {
			assertTrue(refused.getMessage().contains(file.getFileName().toString()), refused.getMessage());
		}
	}
}
