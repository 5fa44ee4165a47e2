package sc.fiji.deepmac.engine;

import sc.fiji.deepmac.UserError;

/** The device asked for cannot be used here; the message says why and what to do instead. */
public class DeviceUnavailableException extends UserError {

	public DeviceUnavailableException(String message) {
		super(Kind.DEVICE, message);
	}
}
