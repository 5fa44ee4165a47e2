package sc.fiji.deepmac.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxCsvTest {

	/** 2 channels, 3 slices, 2 frames: stack index 8 is channel 2, slice 1, frame 2. */
	private static final StackShape HYPERSTACK = new StackShape(2, 3, 2);

	@TempDir
	Path tmp;

	@Test
	void readsBoxesForEveryPlaneWithNumberedNames() throws IOException {
		List<Box> boxes = BoxCsv.read(csv("x,y,width,height\n1,2,30,40\n\n5.5,6.25,7,8.75\n"), HYPERSTACK);
		assertEquals(List.of(new Box("box-1", 1, 2, 30, 40, 0, 0, 0), new Box("box-2", 5.5, 6.25, 7, 8.75, 0, 0, 0)), boxes);
	}

	@Test
	void takesColumnsInAnyOrderWithNamesAndStackIndices() throws IOException {
		String text = "\uFEFF Name , HEIGHT,slice,Width, y ,x,area\r\n"
			+ "\"cell, left\",40,8,30,2,1,99\r\n"
			+ "\r\n"
			+ ",4,,3,2,1,99\r\n";
		List<Box> boxes = BoxCsv.read(csv(text), HYPERSTACK);
		assertEquals(List.of(new Box("cell, left", 1, 2, 30, 40, 2, 1, 2), new Box("box-2", 1, 2, 3, 4, 0, 0, 0)), boxes);
	}

	@Test
	void namesAMissingFile() {
		Path missing = tmp.resolve("nowhere.csv");
		assertMessage(() -> BoxCsv.read(missing, HYPERSTACK), "nowhere.csv does not exist");
	}

	@Test
	void namesMissingHeaderColumns() throws IOException {
		assertRefused("\nx,w,h,y\n1,2,3,4\n",
			"boxes.csv, line 2: the header lacks the column(s) width, height");
		assertRefused("x;y;width;height\n", "lacks the column(s) x, y, width, height");
		assertRefused("x,y,width,height,X\n1,2,3,4,5\n", "boxes.csv, line 1: the header has the column x twice");
	}

	@Test
	void refusesEmptyFilesAndFilesWithoutBoxes() throws IOException {
		assertRefused("\n \n", "boxes.csv is empty");
		assertRefused("x,y,width,height\n", "boxes.csv has a header but no boxes");
	}

	@Test
	void namesTheLineWithTheWrongNumberOfFields() throws IOException {
		assertRefused("x,y,width,height\n1,2,3,4\n1,2,3,4,5\n",
			"boxes.csv, line 3: 5 fields, but the header has 4 columns");
	}

	@Test
	void namesTheLineWithANonNumber() throws IOException {
		assertRefused("x,y,width,height\n1,2,3,4\n\n1,two,3,4\n",
			"boxes.csv, line 4: y 'two' is not a number");
		assertRefused("x,y,width,height\n,2,3,4\n", "boxes.csv, line 2: x is empty");
	}

	@Test
	void refusesNanAndNegativeSizes() throws IOException {
		assertRefused("x,y,width,height\n1,2,NaN,4\n",
			"boxes.csv, line 2: width 'NaN' is not a finite number");
		assertRefused("x,y,width,height\n1,2,3,4\n1,2,3,-0.5\n",
			"boxes.csv, line 3: height -0.5 is negative");
	}

	@Test
	void refusesStackIndicesOutsideTheImage() throws IOException {
		assertRefused("x,y,width,height,slice\n1,2,3,4,13\n",
			"boxes.csv, line 2: slice 13 is outside the image's stack 1..12");
		assertRefused("x,y,width,height,slice\n1,2,3,4,0\n", "slice 0 is outside");
		assertRefused("x,y,width,height,slice\n1,2,3,4,2.5\n", "slice 2.5 is outside");
		assertRefused("x,y,width,height,slice\n1,2,3,4,top\n",
			"line 2: slice 'top' is not a number");
	}

	@Test
	void refusesAnUnclosedQuote() throws IOException {
		assertRefused("name,x,y,width,height\n\"cell,1,2,3,4\n",
			"boxes.csv, line 2: a quote is not closed");
	}

	private Path csv(String text) throws IOException {
		return Files.writeString(tmp.resolve("boxes.csv"), text);
	}

	private void assertRefused(String text, String expected) throws IOException {
		Path file = csv(text);
		assertMessage(() -> BoxCsv.read(file, HYPERSTACK), expected);
	}

	static void assertMessage(Runnable read, String expected) {
		BoxInputException e = assertThrows(BoxInputException.class, read::run);
		assertTrue(e.getMessage().contains(expected), e.getMessage());
		assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
	}
}
