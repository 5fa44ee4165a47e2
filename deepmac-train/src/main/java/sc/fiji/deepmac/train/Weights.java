package sc.fiji.deepmac.train;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Where the network's parameters come from: variables while training, constants in an export. */
public interface Weights {

	/** How a parameter starts before training. */
	enum Init {
		/** He-normal for convolution kernels: N(0, 2 / fan_in). */
		HE,
		ZERO,
		ONE
	}

	/** The parameter of this name and shape. */
	Operand<TFloat32> get(String name, Init init, int... shape);
}
