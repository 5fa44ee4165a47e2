package sc.fiji.deepmac.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.deepmac.cli.DeepMacCli;
import sc.fiji.deepmac.train.Trainer;

class TrainCommandTest {

	/** A script's recipe, then the caller's change to it: the last --steps wins, and the run exports a model. */
	@Test
	void theLastValueOfARepeatedOptionWins(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("run");
		assertEquals(0, TrainCli.run("train", "--out", out.toString(), "--synthetic", "1", "--input-size", "64", "--crop", "64",
			"--batch", "1", "--boxes", "2", "--head", "conv2", "--threads", "1", "--steps", "50", "--steps", "2"));
		assertEquals("2", Trainer.readCheckpoint(out.resolve(Trainer.CHECKPOINT), null).getProperty("step"));
		assertTrue(Files.isRegularFile(out.resolve(Trainer.MODEL).resolve("saved_model.pb")));

		// calibration comes after training, from its checkpoint
		assertEquals(DeepMacCli.BAD_INPUT, TrainCli.run("train", "--out", dir.resolve("other").toString(), "--synthetic", "1",
			"--mask-threshold", "0.4"));
		assertFalse(Files.exists(dir.resolve("other")), "refused before training");
		assertEquals(0, TrainCli.run("train", "--out", out.toString(), "--export-only", "--mask-threshold", "0.4"));
		assertTrue(Files.readString(out.resolve(Trainer.MODEL).resolve("deepmac.properties")).startsWith(
			"# probabilities shifted: 0.5 is where the trained head gave 0.4\n"));
		assertEquals(DeepMacCli.BAD_INPUT, TrainCli.run("train", "--out", out.toString(), "--export-only",
			"--mask-threshold", "1"));
	}
}
