package sc.fiji.deepmac.plugin;

import java.util.ArrayList;
import java.util.List;

import org.scijava.Priority;
import org.scijava.log.AbstractLogService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogMessage;
import org.scijava.log.LogService;
import org.scijava.plugin.Plugin;
import org.scijava.service.Service;

/**
 * The tests' log: keeps what commands log, for assertions, instead of printing it, so that the errors that tests
 * provoke on purpose do not stand in the build log as errors.
 */
@Plugin(type = Service.class, priority = Priority.HIGH)
public class RecordingLogService extends AbstractLogService {

	private final List<String> lines = new ArrayList<>();

	@Override
	protected synchronized void messageLogged(LogMessage message) {
		lines.add(LogLevel.prefix(message.level()) + " " + message.text());
	}

	/** What was logged, each line "LEVEL text", since the last call; empties the record. */
	public synchronized List<String> take() {
		List<String> taken = List.copyOf(lines);
		lines.clear();
		return taken;
	}

	static RecordingLogService of(org.scijava.Context context) {
		return (RecordingLogService) context.service(LogService.class);
	}
}
