package sc.fiji.deepmac.box;

import sc.fiji.deepmac.testing.HostileFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static sc.fiji.deepmac.box.BoxCsvTest.assertMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.io.RoiEncoder;

class RoiFilesTest {

	@TempDir
	Path tmp;

	@Test
	void readsARoiSetInZipOrderAndTurnsItIntoBoxes() throws IOException {
		Roi cell = new Roi(10.5, 20, 30, 40.25);
		cell.setName("cell");
		Roi positioned = new Roi(1, 2, 3, 4);
		positioned.setName("late");
		positioned.setPosition(2, 3, 4);
		Path set = tmp.resolve("RoiSet.zip");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(set))) {
			add(zip, "0002-cell.roi", RoiEncoder.saveAsByteArray(cell));
			add(zip, "notes.txt", "not a ROI".getBytes(StandardCharsets.UTF_8));
			add(zip, "0001-oval.roi", RoiEncoder.saveAsByteArray(new OvalRoi(5, 6, 7, 8)));
			add(zip, "0003-late.roi", RoiEncoder.saveAsByteArray(positioned));
		}

		Roi[] rois = RoiFiles.read(set);
		assertEquals(List.of("cell", "0001-oval", "late"), Arrays.stream(rois).map(Roi::getName).toList());

		List<String> warnings = new ArrayList<>();
		List<Box> boxes = RoiBoxes.fromRois(rois, new StackShape(2, 3, 4), warnings);
		assertEquals(List.of(
			new Box("cell", 10.5, 20, 30, 40.25, 0, 0, 0),
			new Box("0001-oval", 5, 6, 7, 8, 0, 0, 0),
			new Box("late", 1, 2, 3, 4, 2, 3, 4)), boxes);
		assertEquals(List.of("ROI '0001-oval' is not a rectangle: its bounding box is used"), warnings);
	}

	@Test
	void readsASingleRoiFileNamedAfterTheFile() throws IOException {
		Roi stackRoi = new Roi(1, 2, 3, 4);
		stackRoi.setPosition(5);
		Path file = Files.write(tmp.resolve("nucleus.roi"), RoiEncoder.saveAsByteArray(stackRoi));

		Roi[] rois = RoiFiles.read(file);
		assertEquals(1, rois.length);
		assertEquals("nucleus", rois[0].getName());
		assertEquals(5, rois[0].getPosition());
		assertArrayEquals(new double[] { 1, 2, 3, 4 }, new double[] { rois[0].getFloatBounds().x,
			rois[0].getFloatBounds().y, rois[0].getFloatBounds().width, rois[0].getFloatBounds().height });
	}

	@Test
	void refusesACorruptZip() throws IOException {
		Path zip = Files.write(tmp.resolve("broken.zip"), "PK this is not really a zip".getBytes(StandardCharsets.UTF_8));
		assertMessage(() -> RoiFiles.read(zip), "broken.zip is not a readable zip file");
	}

	@Test
	void refusesAZipWithoutRois() throws IOException {
		Path set = tmp.resolve("empty.zip");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(set))) {
			add(zip, "readme.txt", new byte[] { 1 });
		}
		assertMessage(() -> RoiFiles.read(set), "empty.zip holds no ROIs");
	}

	@Test
	void namesTheZipEntryThatIsNoRoi() throws IOException {
		Path set = tmp.resolve("mixed.zip");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(set))) {
			add(zip, "0001.roi", RoiEncoder.saveAsByteArray(new Roi(1, 2, 3, 4)));
			add(zip, "0002.roi", "garbage bytes".getBytes(StandardCharsets.UTF_8));
		}
		assertMessage(() -> RoiFiles.read(set), "mixed.zip (entry 0002.roi) is not a readable ImageJ ROI");
	}

	@Test
	void refusesTruncatedEmptyMissingAndUnknownFiles() throws IOException {
		byte[] whole = RoiEncoder.saveAsByteArray(new Roi(1, 2, 3, 4));
		Path truncated = Files.write(tmp.resolve("cut.roi"), Arrays.copyOf(whole, 20));
		assertMessage(() -> RoiFiles.read(truncated), "cut.roi is not a readable ImageJ ROI (the data is cut short or corrupt)");
		Path empty = Files.write(tmp.resolve("empty.roi"), new byte[0]);
		assertMessage(() -> RoiFiles.read(empty), "empty.roi is not a readable ImageJ ROI");
		assertMessage(() -> RoiFiles.read(tmp.resolve("gone.roi")), "gone.roi does not exist");
		assertMessage(() -> RoiFiles.read(tmp.resolve("gone.zip")), "gone.zip does not exist");
		Path text = Files.writeString(tmp.resolve("boxes.txt"), "1,2,3,4");
		assertMessage(() -> RoiFiles.read(text), "boxes.txt is neither a .roi file nor a RoiSet .zip");
	}

	@Test
	void refusesZipEntriesThatInflatePastTheLimitWhateverTheyDeclare() throws IOException {
		Path bomb = HostileFiles.zipOfZeros(tmp.resolve("bomb.zip"), "big.roi", RoiFiles.MAX_ROI_BYTES + 1);
		assertMessage(() -> RoiFiles.read(bomb), "bomb.zip (entry big.roi) has 10485761 bytes, more than 10485760 bytes");
		HostileFiles.declareEntrySizes(bomb, 100);
		assertMessage(() -> RoiFiles.read(bomb), "bomb.zip (entry big.roi) inflates to more than 10485760 bytes");
		Path big = Files.write(tmp.resolve("big.roi"), new byte[RoiFiles.MAX_ROI_BYTES + 1]);
		assertMessage(() -> RoiFiles.read(big), "big.roi has 10485761 bytes, more than 10485760 bytes");
	}

	private static void add(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(bytes);
		zip.closeEntry();
	}
}
