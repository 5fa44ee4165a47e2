package sc.fiji.deepmac.runtime;

/** The device asked for cannot be used here; the message says why and what to do instead. */
public class DeviceUnavailableException extends RuntimeException {

	public DeviceUnavailableException(String message) {
		super(message);
	}
}
