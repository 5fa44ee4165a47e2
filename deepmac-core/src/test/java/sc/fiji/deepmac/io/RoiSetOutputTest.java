package sc.fiji.deepmac.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.io.RoiDecoder;

class RoiSetOutputTest {

	@TempDir
	Path folder;

	@Test
	void roundTripKeepsOrderNamesPolygonsAndPositions() throws IOException {
		Roi cell = polygon("cell", 1, 2, 10, 2, 10, 12);
		Roi sameName = polygon("cell", 20, 20, 30, 20, 25, 28, 21, 27);
		Roi unnamed = polygon(null, 0, 0, 4, 0, 4, 4);
		Roi thirdCell = polygon("cell", 5, 5, 9, 5, 7, 9);
		Roi askedForCell1 = polygon("cell-1", 40, 40, 44, 40, 42, 44);
		sameName.setPosition(3);
		thirdCell.setPosition(2, 4, 5);
		Path target = folder.resolve("out/img_rois.zip");

		RoiSetOutput.write(List.of(cell, sameName, unnamed, thirdCell, askedForCell1), target);

		Map<String, Roi> read = readZip(target);
		assertEquals(List.of("cell.roi", "cell-2.roi", "roi-3.roi", "cell-3.roi", "cell-1.roi"), new ArrayList<>(read
			.keySet()), "order kept; the user's own 'cell-1' is not taken by a generated name");
		List<Roi> rois = new ArrayList<>(read.values());
		assertEquals(List.of("cell", "cell-2", "roi-3", "cell-3", "cell-1"), rois.stream().map(Roi::getName).toList());
		assertSamePolygon(cell, rois.get(0));
		assertSamePolygon(sameName, rois.get(1));
		assertSamePolygon(unnamed, rois.get(2));
		assertSamePolygon(thirdCell, rois.get(3));
		assertSamePolygon(askedForCell1, rois.get(4));
		assertEquals(3, rois.get(1).getPosition());
		assertEquals(List.of(2, 4, 5), List.of(rois.get(3).getCPosition(), rois.get(3).getZPosition(), rois.get(3)
			.getTPosition()));
		assertEquals(0, rois.get(0).getPosition());
		assertEquals("cell", sameName.getName(), "the caller's ROIs are not renamed");
		assertNull(unnamed.getName());
	}

	@Test
	void emptyListGivesAValidEmptyRoiSet() throws IOException {
		Path target = folder.resolve("none_rois.zip");

		RoiSetOutput.write(List.of(), target);

		assertTrue(Files.size(target) > 0);
		assertEquals(Map.of(), readZip(target));
	}

	@Test
	void nullRoiIsRejectedBeforeAnythingIsWritten() {
		Path target = folder.resolve("bad_rois.zip");
		List<Roi> rois = Arrays.asList(polygon("a", 0, 0, 1, 0, 1, 1), null);

		assertThrows(NullPointerException.class, () -> RoiSetOutput.write(rois, target));

		assertTrue(Files.notExists(target));
	}

	@Test
	void namesFromUsersBecomeSafeUniqueEntryNames() throws IOException {
		List<String> names = List.of("../../x", "a/b\\c", "C:evil", "tab\there", ".hidden", "ok", "ok");
		List<Roi> rois = names.stream().map(name -> {
			Roi roi = new Roi(1, 2, 3, 4);
			roi.setName(name);
			return roi;
		}).toList();
		Path target = folder.resolve("unsafe_rois.zip");
		RoiSetOutput.write(rois, target);
		Map<String, Roi> read = readZip(target);
		assertEquals(List.of("____x.roi", "a_b_c.roi", "C_evil.roi", "tab_here.roi", "_hidden.roi", "ok.roi", "ok-1.roi"),
			List.copyOf(read.keySet()));
		assertEquals("____x", read.get("____x.roi").getName(), "the name inside matches the entry");
	}

	@Test
	void identicalRoisGiveByteIdenticalZipsWithAFixedEntryTime() throws IOException {
		List<Roi> rois = List.of(polygon("a", 1, 1, 5, 1, 5, 5), new Roi(1, 2, 3, 4));
		Path first = folder.resolve("first.zip"), second = folder.resolve("second.zip");
		RoiSetOutput.write(rois, first);
		RoiSetOutput.write(rois, second);
		assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
		try (InputStream in = Files.newInputStream(first); ZipInputStream zip = new ZipInputStream(in)) {
			assertEquals(RoiSetOutput.ENTRY_TIME, zip.getNextEntry().getTimeLocal());
		}
	}

	private static PolygonRoi polygon(String name, int... xy) {
		int[] x = new int[xy.length / 2];
		int[] y = new int[xy.length / 2];
		for (int i = 0; i < x.length; i++) {
			x[i] = xy[2 * i];
			y[i] = xy[2 * i + 1];
		}
		PolygonRoi roi = new PolygonRoi(x, y, x.length, Roi.POLYGON);
		roi.setName(name);
		return roi;
	}

	private static void assertSamePolygon(Roi expected, Roi actual) {
		assertEquals(Roi.POLYGON, actual.getType());
		assertArrayEquals(expected.getPolygon().xpoints, actual.getPolygon().xpoints);
		assertArrayEquals(expected.getPolygon().ypoints, actual.getPolygon().ypoints);
	}

	private static Map<String, Roi> readZip(Path zipFile) throws IOException {
		Map<String, Roi> rois = new LinkedHashMap<>();
		try (InputStream in = Files.newInputStream(zipFile); ZipInputStream zip = new ZipInputStream(in)) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				Roi roi = RoiDecoder.openFromByteArray(zip.readAllBytes());
				assertNotNull(roi, entry.getName());
				rois.put(entry.getName(), roi);
			}
		}
		return rois;
	}
}
