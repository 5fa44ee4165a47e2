package sc.fiji.deepmac.engine.spi;

import java.nio.file.Path;

/**
 * A runtime that runs Deep-MAC models: the one interface between the core and an engine that lives in a class loader
 * of its own ({@link sc.fiji.deepmac.engine.Engines}). Only JDK types and this package cross it, so that the engine's
 * libraries (TensorFlow, protobuf, JavaCPP, ...) never meet the versions on the application's class path.
 * Implementations are found with {@link java.util.ServiceLoader}.
 */
public interface MaskEngine {

	/** What runs the models, for logs: framework, version, natives. */
	String description();

	/**
	 * The device that a request for {@code requested} ({@code cpu}, {@code gpu} or {@code auto}) runs on here:
	 * {@code cpu} or {@code gpu}.
	 *
	 * @throws EngineException of kind {@link EngineException.Kind#DEVICE} when a GPU is asked for and cannot be used
	 */
	String resolveDevice(String requested);

	/**
	 * Loads the SavedModel in {@code savedModel} (the folder holding {@code saved_model.pb}) and checks its
	 * serving signature against the Deep-MAC contract.
	 *
	 * @param device {@code cpu} or {@code gpu}, as {@link #resolveDevice} answered
	 * @throws EngineException of kind {@link EngineException.Kind#MODEL} naming what is wrong
	 */
	EngineModel load(Path savedModel, String device);
}
