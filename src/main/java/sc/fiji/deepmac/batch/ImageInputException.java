package sc.fiji.deepmac.batch;

/** An image file that cannot be used; the message names it and says why. */
public class ImageInputException extends RuntimeException {

	public ImageInputException(String message) {
		super(message);
	}
}
