package sc.fiji.deepmac.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Named float tensors in a fixed order: the network's weights, or an optimiser's moments. */
public final class ParamSet {

	/** One tensor: its shape and its values, row-major. */
	public record Tensor(int[] shape, float[] values) {
		public Tensor {
			if (values.length != size(shape)) throw new IllegalArgumentException("shape " + Arrays.toString(shape)
				+ " holds " + size(shape) + " values, got " + values.length);
		}
	}

	private final Map<String, Tensor> tensors = new LinkedHashMap<>();

	public void put(String name, int[] shape, float[] values) {
		tensors.put(name, new Tensor(shape.clone(), values));
	}

	public Tensor get(String name) {
		Tensor t = tensors.get(name);
		if (t == null) throw new IllegalArgumentException("No parameter " + name);
		return t;
	}

	public boolean has(String name) {
		return tensors.containsKey(name);
	}

	public Map<String, Tensor> tensors() {
		return Collections.unmodifiableMap(tensors);
	}

	public long count() {
		return tensors.values().stream().mapToLong(t -> t.values.length).sum();
	}

	/** Starting values of a parameter, drawn from {@code random}. */
	static float[] initial(Weights.Init init, int[] shape, Random random) {
		float[] v = new float[size(shape)];
		switch (init) {
			case ONE -> Arrays.fill(v, 1f);
			case ZERO -> {}
			case HE -> {
				int fanIn = 1;
				for (int i = 0; i < shape.length - 1; i++) fanIn *= shape[i];
				double std = Math.sqrt(2.0 / fanIn);
				for (int i = 0; i < v.length; i++) v[i] = (float) (random.nextGaussian() * std);
			}
		}
		return v;
	}

	static int size(int[] shape) {
		int n = 1;
		for (int s : shape) n *= s;
		return n;
	}

	void write(DataOutputStream out) throws IOException {
		out.writeInt(tensors.size());
		for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
			out.writeUTF(e.getKey());
			int[] shape = e.getValue().shape;
			out.writeInt(shape.length);
			for (int s : shape) out.writeInt(s);
			for (float f : e.getValue().values) out.writeFloat(f);
		}
	}

	static ParamSet read(DataInputStream in) throws IOException {
		ParamSet set = new ParamSet();
		int n = in.readInt();
		for (int i = 0; i < n; i++) {
			String name = in.readUTF();
			int[] shape = new int[in.readInt()];
			for (int d = 0; d < shape.length; d++) shape[d] = in.readInt();
			float[] values = new float[size(shape)];
			for (int k = 0; k < values.length; k++) values[k] = in.readFloat();
			set.put(name, shape, values);
		}
		return set;
	}
}
