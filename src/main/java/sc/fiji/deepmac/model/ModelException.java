package sc.fiji.deepmac.model;

/** A model that cannot be found, loaded or run; the message says what to do. */
public class ModelException extends RuntimeException {

	public ModelException(String message) {
		super(message);
	}

	public ModelException(String message, Throwable cause) {
		super(message, cause);
	}
}
