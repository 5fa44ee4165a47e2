package sc.fiji.deepmac.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.model.ModelArchives;
import sc.fiji.deepmac.model.ModelLocator;
import sc.fiji.deepmac.model.ModelProvenance;
import sc.fiji.deepmac.testing.TestArchives;
import sc.fiji.deepmac.testing.TestImages;
import sc.fiji.deepmac.testing.TestModelFolders;

/**
 * {@code deepmac models}: installs from a loopback HTTP server (127.0.0.1, a free port) and from files made here,
 * refusals that leave nothing behind, and a model's name working in {@code segment}.
 */
class ModelsCommandTest {

	@TempDir
	Path tmp;

	private Path models;
	private String userModels;
	private HttpServer server;
	private final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
	@RegisterExtension
	final ConsoleCapture console = new ConsoleCapture();

	@BeforeEach
	void setUp() throws IOException {
		models = tmp.resolve("models");
		userModels = System.getProperty(ModelLocator.MODELS_PROPERTY);
		System.setProperty(ModelLocator.MODELS_PROPERTY, models.toString());
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.start();
	}

	@AfterEach
	void tearDown() {
		server.stop(0);
		if (userModels == null) System.clearProperty(ModelLocator.MODELS_PROPERTY);
		else System.setProperty(ModelLocator.MODELS_PROPERTY, userModels);
		System.clearProperty(ModelArchives.LIMIT_PROPERTY);
	}

	private String err() {
		return console.err();
	}

	private String out() {
		return console.out();
	}

	/** The test model in the official archive's layout: NAME/saved_model/saved_model.pb. */
	private Path officialArchive(String name, String model) throws IOException {
		return TestArchives.officialLayout(tmp.resolve(name + ".tar.gz"), name, TestModelFolders.get(model));
	}

	/** Serves {@code bytes} at {@code /name}, honouring Range; the first response stops after {@code dropAfter} bytes. */
	private String serve(String name, byte[] bytes, long dropAfter) {
		boolean[] dropped = { dropAfter < 0 };
		server.createContext("/" + name, exchange -> {
			String range = exchange.getRequestHeaders().getFirst("Range");
			ranges.add(String.valueOf(range));
			int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
			if (range != null) exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (bytes.length - 1)
				+ "/" + bytes.length);
			exchange.sendResponseHeaders(range == null ? 200 : 206, bytes.length - from);
			// closing a response before its Content-Length is written ends the connection, as a dropped one
			try (OutputStream body = exchange.getResponseBody()) {
				int length = dropped[0] ? bytes.length - from : (int) dropAfter;
				dropped[0] = true;
				body.write(bytes, from, length);
				body.flush();
			}
		});
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
	}

	/** Nothing in the models folder but the (empty) downloads folder. */
	private void assertNothingInstalled() throws IOException {
		if (!Files.exists(models)) return;
		try (Stream<Path> all = Files.walk(models)) {
			List<String> left = all.filter(p -> !p.equals(models) && !p.equals(models.resolve(".downloads")))
				.map(p -> models.relativize(p).toString()).toList();
			assertEquals(List.of(), left, "left in the models folder");
		}
		assertTrue(ModelLocator.installed().keySet().stream().noneMatch(n -> n.startsWith("deepmac_test")));
	}

	@Test
	void theOfficialLayoutInstallsFromAFileAndItsNameWorksEverywhere() throws Exception {
		Path archive = officialArchive("deepmac_test", TestModelFolders.INTENSITY);
		assertEquals(0, DeepMacCli.run("models", "install", archive.toString()), err());
		Path installed = models.resolve("deepmac_test");
		assertTrue(Files.isRegularFile(installed.resolve("saved_model/saved_model.pb")));
		String archiveSha = ModelProvenance.fileSha256(archive);
		assertTrue(out().contains("archive sha256 " + archiveSha) && out().contains("no checksum was given"), out());
		assertEquals(0, DeepMacCli.run("models", "list"));
		assertTrue(out().contains("deepmac_test  " + installed), out());
		assertTrue(out().contains("deepmac_1024x1024_coco17") && out().contains("deepmarc_spinenet"), "known models");

		Path image = TestImages.twoDisksTiff(tmp.resolve("cells.tif"));
		Path csv = TestImages.twoDisksCsv(tmp.resolve("cells.csv"));
		assertEquals(0, DeepMacCli.run("segment", "--image", image.toString(), "--boxes", csv.toString(), "--model",
			"deepmac_test"), err());
		assertTrue(Files.readAllLines(tmp.resolve("cells_instances.csv")).get(1).contains(",deepmac_test," + installed));

		assertEquals(0, DeepMacCli.run("models", "verify", "deepmac_test"), err());
		assertTrue(out().contains("(as recorded)"), out());
		assertEquals(0, DeepMacCli.run("models", "info", "deepmac_test"), err());
		assertTrue(out().contains("archive_sha256=" + archiveSha) && out().contains("signature and ops pass"), out());
		Files.write(installed.resolve("saved_model/saved_model.pb"), new byte[] { 1 }, java.nio.file.StandardOpenOption.APPEND);
		assertEquals(3, DeepMacCli.run("models", "verify", "deepmac_test"));
		assertTrue(err().contains("has changed since it was installed"), err());

		assertEquals(2, DeepMacCli.run("models", "install", archive.toString()), "already installed");
		assertEquals(0, DeepMacCli.run("models", "remove", "deepmac_test"), err());
		assertNothingInstalled();
		assertEquals(2, DeepMacCli.run("models", "remove", "deepmac_test"));
	}

	@Test
	void theShippedModelIsAlwaysListedAndVerifiesAgainstTheRegistry() {
		assertTrue(System.getProperty("deepmac.home") != null, "the build names the project's folder, as the launcher does");
		assertEquals(0, DeepMacCli.run("models", "list"));
		assertTrue(out().contains("deepmac-nuclei-objects-v2 (nuclei)  "), out());
		assertTrue(out().contains("deepmac-objects-v3 (objects)  "), out());
		assertEquals(0, DeepMacCli.run("models", "verify", "deepmac-nuclei-objects-v2"), err());
		assertTrue(out().contains("(as recorded)"), out());
		for (String shortName : new String[] { "nuclei", "objects" }) {
			assertEquals(0, DeepMacCli.run("models", "verify", shortName), err());
			assertTrue(out().contains("(as recorded)"), out());
		}
	}

	@Test
	void aGoodArchiveInstallsFromTheServerWithItsChecksum() throws Exception {
		byte[] bytes = Files.readAllBytes(officialArchive("deepmac_test", TestModelFolders.INTENSITY));
		String url = serve("deepmac_test.tar.gz", bytes, -1);
		assertEquals(0, DeepMacCli.run("models", "install", url, "--sha256", ModelProvenance.hex(
			ModelProvenance.digest().digest(bytes))), err());
		assertTrue(out().contains("(as expected)"), out());
		assertTrue(Files.isDirectory(models.resolve("deepmac_test")));
		assertFalse(Files.exists(models.resolve(".downloads/deepmac_test.tar.gz.part")));
		assertEquals(List.of("null"), ranges);
	}

	@Test
	void aWrongChecksumIsRefusedAndLeavesNothing() throws Exception {
		byte[] bytes = Files.readAllBytes(officialArchive("deepmac_test", TestModelFolders.INTENSITY));
		String url = serve("deepmac_test.tar.gz", bytes, -1);
		assertEquals(3, DeepMacCli.run("models", "install", url, "--sha256", "0".repeat(64)));
		assertTrue(err().contains("not the expected " + "0".repeat(64)), err());
		assertEquals(2, err().split("error: ", -1).length, "one error, besides the progress bar");
		assertFalse(err().contains("\tat "), err());
		assertNothingInstalled();
		assertEquals(2, DeepMacCli.run("models", "install", url, "--sha256", "abc"), "not a SHA-256");
	}

	@Test
	void aTruncatedArchiveIsRefusedAndLeavesNothing() throws Exception {
		byte[] bytes = Files.readAllBytes(officialArchive("deepmac_test", TestModelFolders.INTENSITY));
		String url = serve("deepmac_test.tar.gz", Arrays.copyOf(bytes, bytes.length / 2), -1);
		assertEquals(3, DeepMacCli.run("models", "install", url));
		assertTrue(err().contains("damaged or incomplete"), err());
		assertNothingInstalled();
	}

	@Test
	void aDroppedDownloadResumesWithRange() throws Exception {
		byte[] bytes = Files.readAllBytes(officialArchive("deepmac_test", TestModelFolders.INTENSITY));
		String url = serve("deepmac_test.tar.gz", bytes, bytes.length / 3);
		assertEquals(0, DeepMacCli.run("models", "install", url), err());
		assertEquals(List.of("null", "bytes=" + bytes.length / 3 + "-"), ranges);
		assertEquals(ModelProvenance.hex(ModelProvenance.digest().digest(bytes)),
			properties(models.resolve("deepmac_test/deepmac-install.properties")).getProperty("archive_sha256"));
	}

	@Test
	void aStoppedDownloadIsResumedByTheNextInstall() throws Exception {
		byte[] bytes = Files.readAllBytes(officialArchive("deepmac_test", TestModelFolders.INTENSITY));
		Path part = Files.createDirectories(models.resolve(".downloads")).resolve("deepmac_test.part");
		Files.write(part, Arrays.copyOf(bytes, 1000));
		String url = serve("deepmac_test.tar.gz", bytes, -1);
		assertEquals(0, DeepMacCli.run("models", "install", url), err());
		assertEquals(List.of("bytes=1000-"), ranges);
		assertTrue(Files.isDirectory(models.resolve("deepmac_test")));
		assertFalse(Files.exists(part));
	}

	@Test
	void archivesThatReachOutOfTheirFolderAreRefused() throws Exception {
		Path outside = tmp.resolve("evil.txt");
		String[][] attacks = { { "../evil.txt", "'..'" }, { outside.toAbsolutePath().toString(), "an absolute path" } };
		for (String[] attack : attacks) {
			console.resetErr();
			Path archive = tmp.resolve("deepmac_test.tar.gz");
			try (TarArchiveOutputStream tar = TestArchives.tar(archive)) {
				TestArchives.put(tar, "deepmac_test/saved_model.pb", new byte[] { 1 });
				TestArchives.put(tar, attack[0], "pwned".getBytes(StandardCharsets.UTF_8));
			}
			assertEquals(3, DeepMacCli.run("models", "install", archive.toString()), attack[0]);
			assertTrue(err().contains(attack[1]), err());
			assertFalse(Files.exists(outside));
			assertFalse(Files.exists(models.resolve("evil.txt")));
			assertNothingInstalled();
		}
	}

	@Test
	void linksAndDevicesInAnArchiveAreRefused() throws Exception {
		Object[][] entries = { { TarArchiveEntry.LF_SYMLINK, "a link" }, { TarArchiveEntry.LF_LINK, "a link" },
			{ TarArchiveEntry.LF_BLK, "a device" }, { TarArchiveEntry.LF_CHR, "a device" }, { TarArchiveEntry.LF_FIFO, "a device" } };
		for (Object[] kind : entries) {
			console.resetErr();
			Path archive = tmp.resolve("deepmac_test.tar.gz");
			try (TarArchiveOutputStream tar = TestArchives.tar(archive)) {
				TestArchives.put(tar, "deepmac_test/saved_model.pb", new byte[] { 1 });
				TarArchiveEntry special = new TarArchiveEntry("deepmac_test/variables", (byte) kind[0]);
				if (special.isSymbolicLink() || special.isLink()) special.setLinkName("/etc");
				tar.putArchiveEntry(special);
				tar.closeArchiveEntry();
			}
			assertEquals(3, DeepMacCli.run("models", "install", archive.toString()), kind[1].toString());
			assertTrue(err().contains("'deepmac_test/variables' is " + kind[1]), err());
			assertNothingInstalled();
		}
	}

	@Test
	void aZipBombIsStoppedAtTheLimit() throws Exception {
		System.setProperty(ModelArchives.LIMIT_PROPERTY, Long.toString(1 << 20));
		Path archive = tmp.resolve("deepmac_test.zip");
		try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(archive)) {
			zip.putArchiveEntry(new ZipArchiveEntry("deepmac_test/saved_model.pb"));
			byte[] zeros = new byte[1 << 16];
			for (int i = 0; i < 64; i++)
				zip.write(zeros);
			zip.closeArchiveEntry();
		}
		assertTrue(Files.size(archive) < 100_000, "4 MiB of zeros packs small");
		assertEquals(3, DeepMacCli.run("models", "install", archive.toString()));
		assertTrue(err().contains("decompression bomb"), err());
		assertNothingInstalled();
	}

	@Test
	void aHostileModelIsNotInstalled() throws Exception {
		Path archive = officialArchive("deepmac_test", TestModelFolders.READS_FILE);
		assertEquals(3, DeepMacCli.run("models", "install", archive.toString()));
		assertTrue(err().contains("ReadFile (files)"), err());
		assertNothingInstalled();
	}

	@Test
	void badSpecsAreUsageErrors() throws Exception {
		assertEquals(2, DeepMacCli.run("models", "install", tmp.resolve("nothing.tar.gz").toString()));
		assertTrue(err().contains("neither a known model"), err());
		Path text = Files.writeString(tmp.resolve("model.txt"), "x");
		assertEquals(2, DeepMacCli.run("models", "install", text.toString()));
		assertEquals(2, DeepMacCli.run("models"));
	}

	private static java.util.Properties properties(Path file) throws IOException {
		java.util.Properties p = new java.util.Properties();
		try (var in = Files.newBufferedReader(file)) {
			p.load(in);
		}
		return p;
	}
}
