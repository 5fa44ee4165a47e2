package sc.fiji.deepmac.batch;

import sc.fiji.deepmac.UserError;

/** An image file that cannot be used; the message names it and says why. */
public class ImageInputException extends UserError {

	public ImageInputException(String message) {
		super(Kind.INPUT, message);
	}
}
