package sc.fiji.deepmac.plugin;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.options.RunOptions;
import sc.fiji.deepmac.options.RunSettings;
import sc.fiji.deepmac.segment.ProgressListener;

/**
 * What the SciJava commands of Deep-MAC share: the model and segmentation options as {@link RunOptions} declares them
 * (SciJava reads the parameters of superclasses too), progress and warnings to the status bar and the log, and the
 * handling of bad input and cancelling: a {@link UserError} ends the run with its message ({@link #getCancelReason()},
 * logged as an error) and no outputs; so does cancelling, between model calls.
 * <p>
 * SciJava lists a superclass's parameters first: dialogs show these options before the command's own inputs (the
 * image input, filled from the active image in Fiji, is not shown).
 */
public abstract class DeepMacCommand extends ContextCommand {

	@Parameter
	protected DeepMacService deepmac;

	@Parameter
	protected LogService log;

	@Parameter(required = false)
	private StatusService status;

	// The run options as RunOptions declares them (names, labels, defaults, help); RunOptions.parse checks them.
	@Parameter(label = RunOptions.MODEL_LABEL, required = false, persist = false, description = RunOptions.MODEL_HELP)
	private String model = RunOptions.MODEL_DEFAULT;

	@Parameter(label = RunOptions.DEVICE_LABEL, choices = { "auto", "cpu", "gpu" }, persist = false,
		description = RunOptions.DEVICE_HELP)
	private String device = RunOptions.DEVICE_DEFAULT;

	@Parameter(label = RunOptions.THRESHOLD_LABEL, min = "0", max = "0.99", stepSize = "0.05", persist = false,
		description = RunOptions.THRESHOLD_HELP)
	private double threshold = Double.parseDouble(RunOptions.THRESHOLD_DEFAULT);

	@Parameter(label = RunOptions.CHANNEL_LABEL, min = "0", persist = false, description = RunOptions.CHANNEL_HELP)
	private int channel = Integer.parseInt(RunOptions.CHANNEL_DEFAULT);

	@Parameter(label = RunOptions.MIN_BOX_SIZE_LABEL, min = "1", persist = false, description = RunOptions.MIN_BOX_SIZE_HELP)
	private double minBoxSize = Double.parseDouble(RunOptions.MIN_BOX_SIZE_DEFAULT);

	@Parameter(label = RunOptions.PERCENTILES_LABEL, persist = false, description = RunOptions.PERCENTILES_HELP)
	private String percentiles = RunOptions.PERCENTILES_DEFAULT;

	@Parameter(label = RunOptions.OVERLAP_LABEL, choices = { "probability", "smaller on top", "larger on top" },
		persist = false, description = RunOptions.OVERLAP_HELP)
	private String overlap = RunOptions.OVERLAP_DEFAULT;

	@Parameter(label = RunOptions.SNAP_EDGES_LABEL, choices = { "auto", "on", "off" }, persist = false,
		description = RunOptions.SNAP_EDGES_HELP)
	private String snapEdges = RunOptions.SNAP_EDGES_DEFAULT;

	@Parameter(label = RunOptions.TRUST_MODEL_LABEL, persist = false, description = RunOptions.TRUST_MODEL_HELP)
	private boolean trustModel = Boolean.parseBoolean(RunOptions.TRUST_MODEL_DEFAULT);

	/** Set by tests and scripts that want to cancel from outside, in addition to {@link #cancel(String)}. */
	private ProgressListener extraListener = ProgressListener.NONE;

	@Override
	public final void run() {
		try {
			segment();
		}
		catch (CancellationException e) {
			clearOutputs();
			if (!isCanceled()) cancel("Deep-MAC: cancelled; nothing was changed");
			log.info("Deep-MAC: cancelled; nothing was changed");
		}
		catch (UserError e) {
			clearOutputs();
			log.error("Deep-MAC: " + e.getMessage());
			cancel(e.getMessage());
		}
		finally {
			if (status != null) status.clearStatus();
		}
	}

	/** The run itself; a {@link UserError} or {@link CancellationException} ends it without outputs. */
	protected abstract void segment();

	/** Sets every output to null. */
	protected abstract void clearOutputs();

	/** The checked run options: this class's and the command's {@code more} (by {@link RunOptions} field). */
	protected RunSettings runSettings(Map<String, ?> more) {
		Map<String, Object> values = new HashMap<>(more);
		values.putAll(Map.of(RunOptions.MODEL, model == null ? "" : model, RunOptions.DEVICE, device,
			RunOptions.THRESHOLD, threshold, RunOptions.CHANNEL, channel, RunOptions.MIN_BOX_SIZE, minBoxSize,
			RunOptions.PERCENTILES, percentiles, RunOptions.OVERLAP, overlap, RunOptions.SNAP_EDGES, snapEdges,
			RunOptions.TRUST_MODEL, trustModel));
		return RunOptions.parse(values);
	}

	/** Progress to the status bar, warnings to the log, both also to the {@link #setProgressListener extra listener}. */
	protected ProgressListener listener() {
		return new ProgressListener() {

			@Override
			public void progress(long done, long total, String what) {
				if (status != null) status.showStatus((int) Math.min(done, Integer.MAX_VALUE),
					(int) Math.min(total, Integer.MAX_VALUE), what);
				extraListener.progress(done, total, what);
			}

			@Override
			public boolean isCancelled() {
				return isCanceled() || Thread.currentThread().isInterrupted() || extraListener.isCancelled();
			}

			@Override
			public void warn(String message) {
				log.warn("Deep-MAC: " + message);
				extraListener.warn(message);
			}
		};
	}

	/** Also hear progress and warnings, and cancel through {@link ProgressListener#isCancelled()}. */
	public void setProgressListener(ProgressListener listener) {
		this.extraListener = listener == null ? ProgressListener.NONE : listener;
	}
}
