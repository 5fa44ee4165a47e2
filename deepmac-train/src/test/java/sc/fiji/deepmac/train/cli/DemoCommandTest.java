package sc.fiji.deepmac.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.gui.Roi;
import ij.io.RoiDecoder;

/** {@code deepmac demo} end to end, with both shipped models. */
class DemoCommandTest {

	@Test
	void bothModelsRunAndTheObjectsModelPutsTheCupsBodyInTheCupsMask(@TempDir Path dir) throws Exception {
		assertEquals(0, TrainCli.run("demo", "--out", dir.toString()));
		for (String model : DemoCommand.MODELS)
			for (String sample : new String[] { "coffee", "nuclei" })
				for (String output : new String[] { "_labels.tif", "_rois.zip", "_overlay.png" })
					assertTrue(Files.isRegularFile(dir.resolve(model).resolve(sample + output)), model + "/" + sample + output);
		Roi cup = roi(dir.resolve("objects").resolve("coffee_rois.zip"), "cup");
		assertNotNull(cup, "the cup's ROI");
		// the cup's red body below the rim, and the crema inside it (models/samples/coffee.png, 600 x 400; the cup's
		// box is x 170-409, y 18-305)
		for (int[] p : new int[][] { { 290, 230 }, { 240, 225 }, { 340, 225 }, { 290, 250 }, { 290, 140 } })
			assertTrue(cup.contains(p[0], p[1]), "cup body at " + p[0] + ", " + p[1]);
		// inside the box but not the cup: the saucer at the bottom-left corner, the wood at the top-right one
		assertFalse(cup.contains(175, 300), "saucer");
		assertFalse(cup.contains(405, 22), "wood");
	}

	/** The ROI whose name contains {@code name} in an ImageJ RoiSet zip. */
	private static Roi roi(Path zip, String name) throws IOException {
		try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
			for (ZipEntry e; (e = z.getNextEntry()) != null;) {
				if (!e.getName().contains(name)) continue;
				return new RoiDecoder(z.readAllBytes(), e.getName()).getRoi();
			}
		}
		return null;
	}
}
