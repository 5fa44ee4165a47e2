package sc.fiji.deepmac;

/**
 * A problem that the user can fix: bad input, a model that cannot be used, a device that is not there. Its message is
 * one line that names the problem and says what to do; every front end shows it as it is (the CLI as
 * {@code error: ...} with the exit code of its {@link Kind}, ImageJ in a dialog or the Log) and never with a stack
 * trace. Anything else that goes wrong is a bug.
 */
public class UserError extends RuntimeException {

	/** What kind of problem: the CLI's exit code follows from it. */
	public enum Kind {
		/** Images, boxes, ROIs, options or output folders that cannot be used (CLI exit 2). */
		INPUT(2),
		/** A model that cannot be found, loaded or run (CLI exit 3). */
		MODEL(3),
		/** A compute device that cannot be used here (CLI exit 2). */
		DEVICE(2),
		/** Memory ran out: the message says which limit to lower or how to give more memory (CLI exit 4). */
		MEMORY(4);

		private final int exitCode;

		Kind(int exitCode) {
			this.exitCode = exitCode;
		}

		public int exitCode() {
			return exitCode;
		}
	}

	private final Kind kind;

	public UserError(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	public UserError(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	/** Java's heap ran out while working on {@code what} (a file name, or null): how to give it more. */
	public static UserError outOfJavaMemory(String what, OutOfMemoryError cause) {
		return new UserError(Kind.MEMORY, (what == null ? "" : what + ": ") + "Java ran out of memory (at most "
			+ (Runtime.getRuntime().maxMemory() >> 20) + " MiB): give it more with -Xmx (DEEPMAC_JAVA_OPTS=-Xmx16g for"
			+ " scripts/deepmac), or lower --max-pixels to refuse such large images", cause);
	}

	public Kind kind() {
		return kind;
	}
}
