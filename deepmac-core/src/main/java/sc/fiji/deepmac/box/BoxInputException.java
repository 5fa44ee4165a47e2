package sc.fiji.deepmac.box;

import sc.fiji.deepmac.UserError;

/**
 * Box prompts that cannot be used as given. The message is one line for the user: what is wrong, in which file and
 * line where there is one, and what to do about it.
 */
public class BoxInputException extends UserError {

	public BoxInputException(String message) {
		super(Kind.INPUT, message);
	}

	public BoxInputException(String message, Throwable cause) {
		super(Kind.INPUT, message, cause);
	}
}
