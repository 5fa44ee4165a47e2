package sc.fiji.deepmac.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ij.gui.Roi;
import ij.io.RoiEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import sc.fiji.deepmac.io.OutputLock;
import sc.fiji.deepmac.io.RoiSetOutput;
import sc.fiji.deepmac.testing.HostileFiles;
import sc.fiji.deepmac.testing.TestImages;
import sc.fiji.deepmac.testing.TestModelFolders;

/**
 * Bad input through the CLI's main entry, in process: each case must end with its exit code and a one-line error
 * that names the problem, without a stack trace, leave every file that was there byte for byte as it was, and
 * write no output.
 */
class BadInputSuiteTest {

	static Path model;

	@TempDir
	Path tmp;

	@RegisterExtension
	final ConsoleCapture console = new ConsoleCapture();

	/** Makes the case's files in a folder that holds a valid cells.tif and cells.csv, and returns its arguments. */
	@FunctionalInterface
	interface Setup {
		List<String> args(Path dir) throws IOException;
	}

	record Case(String name, int exitCode, String message, Setup setup) {
		@Override
		public String toString() {
			return name;
		}
	}

	@BeforeAll
	static void exportModel() {
		model = TestModelFolders.get(TestModelFolders.INTENSITY);
	}

	private static List<String> segment(Path image, Path boxes, String... more) {
		List<String> args = new ArrayList<>(List.of("segment", "--image", image.toString()));
		if (!List.of(more).contains("--model")) args.addAll(List.of("--model", model.toString()));
		args.add(boxes.getFileName().toString().endsWith(".csv") ? "--boxes" : "--rois");
		args.add(boxes.toString());
		args.addAll(List.of(more));
		return args;
	}

	private static List<String> segmentImage(Path dir, Path image) {
		return segment(image, dir.resolve("cells.csv"));
	}

	private static List<String> segmentBoxes(Path dir, Path boxes, String... more) {
		return segment(dir.resolve("cells.tif"), boxes, more);
	}

	private static Path csv(Path dir, String text) throws IOException {
		return Files.writeString(dir.resolve("boxes.csv"), text);
	}

	private static Path zip(Path dir, String entry, byte[] bytes) throws IOException {
		Path file = dir.resolve("rois.zip");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			zip.putNextEntry(new ZipEntry(entry));
			zip.write(bytes);
			zip.closeEntry();
		}
		return file;
	}

	private static Path modelFolder(Path dir, String properties) throws IOException {
		Path folder = Files.createDirectories(dir.resolve("model"));
		Files.write(folder.resolve("saved_model.pb"), new byte[] { 1 });
		Files.writeString(folder.resolve("deepmac.properties"), properties);
		return folder;
	}

	static Stream<Case> cases() {
		byte[] roi = RoiEncoder.saveAsByteArray(new Roi(4, 8, 24, 24));
		return Stream.of(
			// Images
			new Case("missing image", 2, "none.tif does not exist", d -> segmentImage(d, d.resolve("none.tif"))),
			new Case("image is a folder", 2, "is a folder, not a file", d -> segmentImage(d, Files.createDirectories(d
				.resolve("dir.tif")))),
			new Case("empty image", 2, "Cannot open image", d -> segmentImage(d, Files.write(d.resolve("empty.tif"),
				new byte[0]))),
			new Case("text named .tif", 2, "Cannot open image", d -> segmentImage(d, Files.writeString(d.resolve("text.tif"),
				"hello"))),
			new Case("corrupt TIFF", 2, "Cannot open image", d -> segmentImage(d, Files.write(d.resolve("corrupt.tif"),
				new byte[] { 'I', 'I', 42, 0, 1, 2, 3 }))),
			new Case("TIFF bomb", 2, "declares 100000 x 100000 x 1 plane", d -> segmentImage(d, HostileFiles.tiff(d.resolve(
				"bomb.tif"), 100_000, 100_000, 16))),
			new Case("PNG bomb", 2, "declares 40000 x 40000 x 1 plane", d -> segmentImage(d, HostileFiles.pngDeclaring(d
				.resolve("bomb.png"), 40_000, 40_000))),
			new Case("over --max-pixels", 2, "more than the limit of 1,000 pixels", d -> {
				List<String> args = new ArrayList<>(segmentImage(d, d.resolve("cells.tif")));
				args.addAll(List.of("--max-pixels", "1000"));
				return args;
			}),
			new Case("truncated TIFF", 2, "is truncated: its pixel data ends at byte", d -> segmentImage(d, HostileFiles
				.tiff(d.resolve("cut.tif"), 64, 48, 1000))),
			new Case("truncated hyperstack", 2, "declares 12 planes of 32 x 32 but holds 6", d -> segmentImage(d,
				HostileFiles.truncate(HostileFiles.hyperstack(d.resolve("stack.tif")), 0.5))),
			new Case("truncated JPEG", 2, "cut.jpg", d -> segmentImage(d, HostileFiles.truncate(HostileFiles.picture(d
				.resolve("cut.jpg"), "jpg"), 0.6))),
			new Case("truncated PNG", 2, "cut.png", d -> segmentImage(d, HostileFiles.truncate(HostileFiles.picture(d
				.resolve("cut.png"), "png"), 0.6))),
			new Case("unknown format", 2, "not a format ImageJ reads", d -> segmentImage(d, Files.writeString(d.resolve(
				"notes.xyz"), "hello"))),
			// Box tables
			new Case("missing boxes", 2, "Boxes file", d -> segmentBoxes(d, d.resolve("none.csv"))),
			new Case("boxes is a folder", 2, "is a folder, not a file", d -> segmentBoxes(d, Files.createDirectories(d
				.resolve("dir.csv")))),
			new Case("empty CSV", 2, "is empty", d -> segmentBoxes(d, csv(d, ""))),
			new Case("header only", 2, "has a header but no boxes", d -> segmentBoxes(d, csv(d, "x,y,width,height\n"))),
			new Case("missing columns", 2, "lacks the column(s) width", d -> segmentBoxes(d, csv(d, "x,y,w,height\n1,2,3,4\n"))),
			new Case("column twice", 2, "the column x twice", d -> segmentBoxes(d, csv(d, "x,y,width,height,x\n1,2,3,4,5\n"))),
			new Case("too few fields", 2, "line 2: 3 fields", d -> segmentBoxes(d, csv(d, "x,y,width,height\n1,2,3\n"))),
			new Case("not a number", 2, "x 'one' is not a number", d -> segmentBoxes(d, csv(d, "x,y,width,height\none,2,3,4\n"))),
			new Case("NaN", 2, "is not a finite number", d -> segmentBoxes(d, csv(d, "x,y,width,height\nNaN,2,3,4\n"))),
			new Case("negative width", 2, "width -3 is negative", d -> segmentBoxes(d, csv(d, "x,y,width,height\n1,2,-3,4\n"))),
			new Case("unclosed quote", 2, "a quote is not closed", d -> segmentBoxes(d, csv(d,
				"x,y,width,height,name\n1,2,3,4,\"open\n"))),
			new Case("slice outside the stack", 2, "slice 9 is outside", d -> segmentBoxes(d, csv(d,
				"x,y,width,height,slice\n1,2,3,4,9\n"))),
			new Case("box outside the image", 2, "box-1", d -> segmentBoxes(d, csv(d, "x,y,width,height\n500,500,10,10\n"))),
			new Case("not UTF-8", 2, "cannot be read", d -> segmentBoxes(d, Files.write(d.resolve("latin.csv"), new byte[] {
				'x', ',', 'y', (byte) 0xff, (byte) 0xfe, '\n' }))),
			new Case("boxes of unknown type", 2, "is neither .csv, .roi nor .zip", d -> segmentBoxes(d, Files.writeString(d
				.resolve("boxes.txt"), "1,2,3,4"))),
			// ROIs
			new Case("corrupt zip", 2, "is not a readable zip file", d -> segmentBoxes(d, Files.writeString(d.resolve(
				"bad.zip"), "PK not a zip"))),
			new Case("zip without ROIs", 2, "holds no ROIs", d -> segmentBoxes(d, zip(d, "notes.txt", new byte[] { 1 }))),
			new Case("garbage ROI entry", 2, "(entry a.roi) is not a readable ImageJ ROI", d -> segmentBoxes(d, zip(d,
				"a.roi", "garbage".getBytes(StandardCharsets.UTF_8)))),
			new Case("zip bomb entry", 2, "more than 10485760 bytes", d -> segmentBoxes(d, HostileFiles.zipOfZeros(d
				.resolve("bomb.zip"), "big.roi", 11 << 20))),
			new Case("zip entry larger than declared", 2, "inflates to more than 10485760 bytes", d -> segmentBoxes(d,
				HostileFiles.declareEntrySizes(HostileFiles.zipOfZeros(d.resolve("liar.zip"), "big.roi", 11 << 20), 64))),
			new Case("truncated .roi", 2, "cut.roi is not a readable ImageJ ROI", d -> segmentBoxes(d, Files.write(d
				.resolve("cut.roi"), Arrays.copyOf(roi, 20)))),
			new Case("empty .roi", 2, "empty.roi is not a readable ImageJ ROI", d -> segmentBoxes(d, Files.write(d
				.resolve("empty.roi"), new byte[0]))),
			new Case("huge .roi", 2, "huge.roi has 10485761 bytes", d -> segmentBoxes(d, Files.write(d.resolve("huge.roi"),
				new byte[(10 << 20) + 1]))),
			// Outputs
			new Case("boxes named like the table", 2, "would replace the input", d -> segment(d.resolve("cells.tif"),
				TestImages.twoDisksCsv(d.resolve("cells_instances.csv")))),
			new Case("earlier ROIs as prompts", 2, "would replace the input", d -> {
				Path rois = d.resolve("cells_rois.zip");
				RoiSetOutput.write(List.of(new Roi(4, 8, 24, 24)), rois);
				return segment(d.resolve("cells.tif"), rois);
			}),
			new Case("--out is a file", 2, "is a file, not a folder", d -> segmentBoxes(d, d.resolve("cells.csv"), "--out",
				Files.writeString(d.resolve("out.txt"), "keep").toString())),
			new Case("--max-pixels 0", 2, "--max-pixels 0", d -> segmentBoxes(d, d.resolve("cells.csv"), "--max-pixels", "0")),
			new Case("--boxes-per-call 0", 2, "--boxes-per-call 0", d -> segmentBoxes(d, d.resolve("cells.csv"),
				"--boxes-per-call", "0")),
			new Case("unknown device", 2, "tpu", d -> segmentBoxes(d, d.resolve("cells.csv"), "--device", "tpu")),
			new Case("threshold out of range", 2, "Threshold must be at least 0 and below 1", d -> segmentBoxes(d, d.resolve("cells.csv"), "--threshold",
				"2")),
			// Models
			new Case("missing model", 3, "no-model' is neither a folder nor an installed model", d -> segmentBoxes(d, d.resolve("cells.csv"), "--model",
				d.resolve("no-model").toString())),
			new Case("model is a file", 3, "cells.csv' is neither a folder nor an installed model", d -> segmentBoxes(d, d.resolve("cells.csv"), "--model",
				d.resolve("cells.csv").toString())),
			new Case("folder without a SavedModel", 3, "is not a TensorFlow SavedModel", d -> segmentBoxes(d, d.resolve(
				"cells.csv"), "--model", Files.createDirectories(d.resolve("empty-model")).toString())),
			new Case("input_size=0", 3, "deepmac.properties: input_size=0 is not a size", d -> segmentBoxes(d, d.resolve(
				"cells.csv"), "--model", modelFolder(d, "input_size=0\n").toString())),
			new Case("input_size=-5", 3, "input_size=-5 is not a size", d -> segmentBoxes(d, d.resolve("cells.csv"),
				"--model", modelFolder(d, "input_size=-5\n").toString())),
			new Case("snap_edges=2", 3, "deepmac.properties: snap_edges=2 is not a fraction of the box from 0 (off) to 0.5",
				d -> segmentBoxes(d, d.resolve("cells.csv"), "--model", modelFolder(d, "snap_edges=2\n").toString())),
			new Case("unknown --snap-edges", 2, "Snap edges 'maybe' is not one of: auto, on, off", d -> segmentBoxes(d,
				d.resolve("cells.csv"), "--snap-edges", "maybe")),
			new Case("wrong signature", 3, "wrong signature", d -> segmentBoxes(d, d.resolve("cells.csv"), "--model",
				TestModelFolders.get(TestModelFolders.IMAGE_ONLY).toString())),
			// Batch and bench
			new Case("batch of a missing folder", 2, "Input folder", d -> List.of("batch", "--input", d.resolve("none")
				.toString(), "--model", model.toString())),
			new Case("batch of a file", 2, "is a file, not a folder", d -> List.of("batch", "--input", d.resolve("cells.csv")
				.toString(), "--model", model.toString())),
			new Case("batch --out is a file", 2, "is a file, not a folder", d -> List.of("batch", "--input", d.toString(),
				"--out", d.resolve("cells.csv").toString(), "--model", model.toString())),
			new Case("bench plane too large", 2, "--sizes 100000 is outside 16..46340", d -> List.of("bench", "--sizes",
				"100000", "--model", model.toString())),
			new Case("bench without repeats", 2, "--repeat 0 is outside", d -> List.of("bench", "--repeat", "0", "--model",
				model.toString())));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void refusedWithOneLineAndNothingChanged(Case c) throws IOException {
		TestImages.twoDisksCsv(TestImages.twoDisksTiff(tmp.resolve("cells.tif")).resolveSibling("cells.csv"));
		List<String> args = c.setup().args(tmp);
		Map<Path, byte[]> before = files(tmp);
		int code = DeepMacCli.run(args.toArray(String[]::new));
		String errors = console.err();
		assertEquals(c.exitCode(), code, errors);
		assertEquals(1, errors.strip().lines().count(), errors);
		assertTrue(errors.startsWith("error: ") && errors.contains(c.message()), errors);
		assertFalse(errors.contains("\tat "), "no stack trace: " + errors);
		Map<Path, byte[]> after = files(tmp);
		for (Map.Entry<Path, byte[]> file : before.entrySet())
			assertArrayEquals(file.getValue(), after.get(file.getKey()), file.getKey() + " changed");
		for (Path file : after.keySet())
			assertTrue(before.containsKey(file) || file.getFileName().toString().equals(OutputLock.FILE_NAME),
				"no output written: " + file);
	}

	/** Every regular file under {@code dir} and its bytes. */
	private static Map<Path, byte[]> files(Path dir) throws IOException {
		Map<Path, byte[]> files = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) files.put(file, Files.readAllBytes(file));
		}
		return files;
	}
}
