package sc.fiji.deepmac.engine.spi;

/** An engine's failure, with a kind that the core turns into its own user-facing errors. */
public class EngineException extends RuntimeException {

	/** What went wrong: the model, the device, memory, or anything else. */
	public enum Kind {
		MODEL, DEVICE, MEMORY, FAILURE
	}

	private final Kind kind;

	public EngineException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	public EngineException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	public Kind kind() {
		return kind;
	}
}
