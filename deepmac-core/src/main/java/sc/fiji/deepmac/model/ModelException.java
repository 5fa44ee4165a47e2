package sc.fiji.deepmac.model;

import sc.fiji.deepmac.UserError;

/** A model that cannot be found, loaded or run; the message says what to do. */
public class ModelException extends UserError {

	public ModelException(String message) {
		super(Kind.MODEL, message);
	}

	public ModelException(String message, Throwable cause) {
		super(Kind.MODEL, message, cause);
	}
}
