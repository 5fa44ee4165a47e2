package sc.fiji.deepmac.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Captures System.out and System.err during each test (register it with {@code @RegisterExtension}). */
final class ConsoleCapture implements BeforeEachCallback, AfterEachCallback {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
	private PrintStream oldOut, oldErr;

	@Override
	public void beforeEach(ExtensionContext context) {
		oldOut = System.out;
		oldErr = System.err;
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	@Override
	public void afterEach(ExtensionContext context) {
		System.setOut(oldOut);
		System.setErr(oldErr);
	}

	String out() {
		return out.toString(StandardCharsets.UTF_8);
	}

	String err() {
		return err.toString(StandardCharsets.UTF_8);
	}

	/** Forgets what was written to System.out so far. */
	void resetOut() {
		out.reset();
	}

	/** Forgets what was captured on stderr so far. */
	void resetErr() {
		err.reset();
	}
}
