package sc.fiji.deepmac.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.model.ModelException;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.options.Outputs;
import sc.fiji.deepmac.options.UnpositionedRois;

/** Option parsing, model lookup and plane placement of the front ends. */
class FrontEndPartsTest {

	@TempDir
	Path tmp;

	@Test
	void outputsParseTheDialogChoicesAndRoundTrip() {
		for (String choice : Outputs.CHOICES)
			assertEquals(choice, Outputs.parse(choice).choice());
		assertEquals(Outputs.ALL, Outputs.parse(""));
		assertEquals(new Outputs(true, false, false), Outputs.parse("labels only"));
		assertThrows(IllegalArgumentException.class, () -> Outputs.parse("nothing"));
	}

	@Test
	void roiSourcesAndPlaneChoicesParseLabelsAndNames() {
		assertEquals(RoiSource.ROI_MANAGER, RoiSource.parse("ROI Manager"));
		assertEquals(RoiSource.ROI_MANAGER, RoiSource.parse("roi_manager"));
		assertEquals(RoiSource.OVERLAY, RoiSource.parse("overlay"));
		assertEquals(RoiSource.FILE, RoiSource.parse("RoiSet file"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoiSource.parse("clipboard"));
		assertTrue(e.getMessage().contains("ROI Manager, Overlay, RoiSet file"), e.getMessage());
		assertEquals(UnpositionedRois.CURRENT_PLANE, UnpositionedRois.parse("current plane"));
		assertThrows(IllegalArgumentException.class, () -> UnpositionedRois.parse("all"));
	}

	@Test
	void modelsAreFoundByFolderOrInstalledName() throws Exception {
		Path imagej = tmp.resolve("Fiji.app");
		Path installed = Files.createDirectories(imagej.resolve("models/deepmac/coco/saved_model"));
		Files.writeString(installed.resolve("saved_model.pb"), "");
		Files.createDirectories(imagej.resolve("models/deepmac/not-a-model"));
		String before = System.getProperty(ModelLocator.IMAGEJ_DIR_PROPERTY);
		System.setProperty(ModelLocator.IMAGEJ_DIR_PROPERTY, imagej.toString());
		try {
			assertEquals(List.of("coco"), List.copyOf(ModelLocator.installed().keySet()));
			assertEquals(imagej.resolve("models/deepmac/coco"), ModelLocator.resolve("coco"));
			assertEquals(imagej.resolve("models/deepmac/coco"), ModelLocator.resolve("coco/"), "as a directory field gives it");
			assertEquals(imagej.resolve("models/deepmac/coco"), ModelLocator.resolve(""), "the only installed model");
			assertEquals(tmp, ModelLocator.resolve(tmp.toString()), "a folder is taken as it is");
			ModelException e = assertThrows(ModelException.class, () -> ModelLocator.resolve("lvis"));
			assertTrue(e.getMessage().contains("(installed: coco)"), e.getMessage());
		}
		finally {
			if (before == null) System.clearProperty(ModelLocator.IMAGEJ_DIR_PROPERTY);
			else System.setProperty(ModelLocator.IMAGEJ_DIR_PROPERTY, before);
		}
	}

	@Test
	void shippedModelsAreChosenByTheirShortNames() throws Exception {
		Path imagej = tmp.resolve("Fiji-aliases.app");
		Path objects = Files.createDirectories(imagej.resolve("models/deepmac/deepmac-objects-v3"));
		Files.writeString(objects.resolve("saved_model.pb"), "");
		String before = System.getProperty(ModelLocator.IMAGEJ_DIR_PROPERTY);
		System.setProperty(ModelLocator.IMAGEJ_DIR_PROPERTY, imagej.toString());
		try {
			assertEquals(objects, ModelLocator.resolve("objects"));
			assertEquals(objects, ModelLocator.resolve("objects/"));
			if (!ModelLocator.installed().containsKey("deepmac-nuclei-objects-v2")) {
				ModelException e = assertThrows(ModelException.class, () -> ModelLocator.resolve("nuclei"));
				assertTrue(e.getMessage().contains("'nuclei' (deepmac-nuclei-objects-v2) is not installed"), e.getMessage());
			}
			ModelException e = assertThrows(ModelException.class, () -> ModelLocator.resolve("lvis"));
			assertTrue(e.getMessage().contains("or by short name: objects"), e.getMessage());
			// both shipped models in Fiji's models/deepmac (no deepmac.home there): no name means the microscopy one
			Path nuclei = Files.createDirectories(imagej.resolve("models/deepmac/deepmac-nuclei-objects-v2"));
			Files.writeString(nuclei.resolve("saved_model.pb"), "");
			assertEquals(nuclei, ModelLocator.resolve(""));
			assertEquals("deepmac-nuclei-objects-v2", ModelLocator.defaultName(), "what the dialog's model field shows");
			assertEquals(nuclei, ModelLocator.resolve("nuclei"));
		}
		finally {
			if (before == null) System.clearProperty(ModelLocator.IMAGEJ_DIR_PROPERTY);
			else System.setProperty(ModelLocator.IMAGEJ_DIR_PROPERTY, before);
		}
	}

	@Test
	void currentPlaneFillsOnlyMissingPositions() {
		ImagePlus stack = FijiTestImages.hyperstack(3, 2);
		stack.setPosition(1, 2, 2);
		List<Box> placed = RoiPrompts.onCurrentPlane(List.of(Box.of("free", 1, 1, 5, 5),
			new Box("z3", 1, 1, 5, 5, 0, 3, 0)), stack);
		assertEquals(2, placed.get(0).slice());
		assertEquals(2, placed.get(0).frame());
		assertEquals(3, placed.get(1).slice());
		assertEquals(2, placed.get(1).frame());
		ImagePlus single = FijiTestImages.cells();
		assertEquals(0, RoiPrompts.onCurrentPlane(List.of(Box.of("free", 1, 1, 5, 5)), single).get(0).slice());
	}
}
