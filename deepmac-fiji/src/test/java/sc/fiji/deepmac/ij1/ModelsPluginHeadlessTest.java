package sc.fiji.deepmac.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.Macro;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.testing.TestArchives;
import sc.fiji.deepmac.testing.TestModelFolders;

/** Plugins > Deep-MAC > Models... from a headless macro: install into ImageJ's models/deepmac, show the card, remove. */
class ModelsPluginHeadlessTest {

	@TempDir
	Path tmp;

	private String imagejDir;

	@BeforeEach
	void imagej() throws IOException {
		imagejDir = System.getProperty(ModelLocator.IMAGEJ_DIR_PROPERTY);
		System.setProperty(ModelLocator.IMAGEJ_DIR_PROPERTY, Files.createDirectories(tmp.resolve("ImageJ")).toString());
	}

	@AfterEach
	void restore() {
		if (imagejDir == null) System.clearProperty(ModelLocator.IMAGEJ_DIR_PROPERTY);
		else System.setProperty(ModelLocator.IMAGEJ_DIR_PROPERTY, imagejDir);
	}

	/** Runs the plugin in a macro's thread with {@code options}; returns what it logged. */
	private static String run(String options) throws InterruptedException {
		PrintStream out = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		Thread macro = new Thread(() -> {
			Macro.setOptions(options);
			try {
				new ModelsPlugin().run("");
			}
			finally {
				Macro.setOptions(null);
			}
		}, "Run$_deepmac-models-test");
		try {
			macro.start();
			macro.join(60_000);
		}
		finally {
			System.setOut(out);
		}
		return captured.toString(StandardCharsets.UTF_8);
	}

	@Test
	void installsShowsTheCardAndRemoves() throws Exception {
		Path archive = TestArchives.officialLayout(tmp.resolve("deepmac_fiji_test.tar.gz"), "deepmac_fiji_test",
			TestModelFolders.get(TestModelFolders.INTENSITY));
		String log = run("action=install source=[" + archive + "]");
		Path installed = tmp.resolve("ImageJ/models/deepmac/deepmac_fiji_test");
		assertTrue(log.contains("Deep-MAC: installed deepmac_fiji_test in " + installed), log);
		assertEquals(installed, ModelLocator.installed().get("deepmac_fiji_test"), "its name works as a model");
		Files.writeString(installed.resolve("README.md"), "# deepmac_fiji_test - a card\n");
		assertTrue(run("action=card model=deepmac_fiji_test").contains("a card"));
		log = run("action=remove model=deepmac_fiji_test");
		assertTrue(log.contains("Deep-MAC: removed " + installed), log);
		assertFalse(Files.exists(installed));
	}

	@Test
	void aSourceThatNamesNothingIsAClearError() throws Exception {
		String log = run("action=install source=[" + tmp.resolve("none.zip") + "]");
		assertTrue(log.contains("Deep-MAC error: ") && log.contains("neither a known model"), log);
	}
}
