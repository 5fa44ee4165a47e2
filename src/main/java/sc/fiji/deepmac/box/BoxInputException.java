package sc.fiji.deepmac.box;

/**
 * Box prompts that cannot be used as given. The message is one line for the user: what is wrong, in which file and
 * line where there is one, and what to do about it.
 */
public class BoxInputException extends RuntimeException {

	public BoxInputException(String message) {
		super(message);
	}

	public BoxInputException(String message, Throwable cause) {
		super(message, cause);
	}
}
