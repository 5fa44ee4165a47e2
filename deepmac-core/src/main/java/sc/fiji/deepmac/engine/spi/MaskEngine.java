package sc.fiji.deepmac.engine.spi;

import java.nio.file.Path;
import java.util.List;

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
	 * Checks the SavedModel in {@code savedModel} without loading it, from {@code saved_model.pb} alone: its serving
	 * signature against the Deep-MAC contract, and its operations against the engine's allow-list.
	 *
	 * @return the operations that a Deep-MAC model must not run (files, network, Python, anything not on the
	 *         allow-list), each with what it does, e.g. {@code "ReadFile (files)"}; empty when the model may be loaded
	 * @throws EngineException of kind {@link EngineException.Kind#MODEL} when saved_model.pb cannot be read or the
	 *           signature is wrong
	 */
	List<String> audit(Path savedModel);

	/**
	 * Loads the SavedModel in {@code savedModel} (the folder holding {@code saved_model.pb}) and checks its
	 * serving signature against the Deep-MAC contract.
	 *
	 * @param device {@code cpu} or {@code gpu}, as {@link #resolveDevice} answered
	 * @throws EngineException of kind {@link EngineException.Kind#MODEL} naming what is wrong
	 */
	EngineModel load(Path savedModel, String device);
}
