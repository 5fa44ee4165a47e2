package sc.fiji.deepmac.tensorflow;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import sc.fiji.deepmac.engine.spi.EngineModel;
import sc.fiji.deepmac.engine.spi.ImageFeatures;
import sc.fiji.deepmac.engine.spi.MaskEngine;

/**
 * Deep-MAC models in DJL's TensorFlow engine. Every call runs with this engine's class loader as the thread's context
 * class loader: DJL finds its engine provider through it, and callers' threads (ImageJ's, Fiji's) carry another.
 */
public final class TfMaskEngine implements MaskEngine {

	@Override
	public String description() {
		return inOwnLoader(() -> "TensorFlow " + TensorFlowRuntime.engine().getVersion() + " (DJL, "
			+ (TensorFlowRuntime.gpuNatives() ? "CUDA" : "CPU") + " natives)");
	}

	@Override
	public String resolveDevice(String requested) {
		return inOwnLoader(() -> TensorFlowRuntime.resolve(requested));
	}

	@Override
	public List<String> audit(Path savedModel) {
		return OpAudit.audit(savedModel);
	}

	@Override
	public EngineModel load(Path savedModel, String device) {
		EngineModel model = inOwnLoader(() -> TfEngineModel.load(savedModel, device));
		return new EngineModel() {

			@Override
			public float[] predict(byte[] rgb, int height, int width, float[] boxes) {
				return inOwnLoader(() -> model.predict(rgb, height, width, boxes));
			}

			@Override
			public ImageFeatures features(byte[] rgb, int height, int width) {
				ImageFeatures features = inOwnLoader(() -> model.features(rgb, height, width));
				return features == null ? null : new ImageFeatures() {

					@Override
					public float[] masks(float[] boxes) {
						return inOwnLoader(() -> features.masks(boxes));
					}

					@Override
					public long bytes() {
						return features.bytes();
					}

					@Override
					public void close() {
						inOwnLoader(() -> {
							features.close();
							return null;
						});
					}
				};
			}

			@Override
			public String signature() {
				return model.signature();
			}

			@Override
			public void close() {
				inOwnLoader(() -> {
					model.close();
					return null;
				});
			}
		};
	}

	private static <T> T inOwnLoader(Supplier<T> work) {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(TfMaskEngine.class.getClassLoader());
		try {
			return work.get();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}
}
