package sc.fiji.deepmac.io;

import java.io.IOException;
import java.nio.file.Path;

/** Writes one complete file at the path it is given; {@link AtomicFiles} moves it into place afterwards. */
@FunctionalInterface
public interface IoWriter {

	/** @param temporary an existing empty file to fill (it may also be replaced) */
	void write(Path temporary) throws IOException;
}
