package sc.fiji.deepmac.train;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

import sc.fiji.deepmac.train.Weights.Init;

/**
 * The Deep-MAC network as TensorFlow ops (docs/model.md): a small U-Net backbone to stride-4 features, a pixel
 * embedding and an instance embedding; per box, the pixel embedding cropped to {@code maskSize}² with
 * crop_and_resize, the instance embedding sampled at the box centre and tiled, and two coordinate channels,
 * concatenated and fed to the mask head, then a 1x1 convolution to one logit channel.
 * <p>
 * The same builder serves training (weights are variables) and export (weights are constants), so both graphs
 * compute the same function.
 */
public final class DeepMacNet {

	/** Features per group of the group normalisation. */
	static final int GROUP_CHANNELS = 8;
	static final float EPSILON = 1e-5f;

	private final Ops tf;
	private final NetConfig config;
	private final Weights weights;

	public DeepMacNet(Ops tf, NetConfig config, Weights weights) {
		this.tf = tf;
		this.config = config;
		this.weights = weights;
	}

	public NetConfig config() {
		return config;
	}

	/** Pixel and instance embeddings of a batch, both at stride 4. */
	public record Embeddings(Operand<TFloat32> pixel, Operand<TFloat32> instance) {}

	/**
	 * Model-input normalisation of pixel values in 0..255 (as the official models subtract a mean and divide by a
	 * standard deviation; ours are the same for every channel).
	 */
	public Operand<TFloat32> normalise(Operand<TFloat32> rgb255) {
		return normalise(tf, rgb255);
	}

	/** {@link #normalise(Operand)} with these ops (also for the colours the CenterNet backbone passes on). */
	static Operand<TFloat32> normalise(Ops tf, Operand<TFloat32> rgb255) {
		return tf.math.div(tf.math.sub(rgb255, tf.constant(127.5f)), tf.constant(64f));
	}

	/**
	 * The in-graph preprocessing of the export: a uint8 image [1, H, W, 3] resized (bilinear) so its long side is
	 * the input size, keeping the aspect, and padded with zeros at the bottom and right to a square: normalised first
	 * for our U-Net (zero is mid-grey), as 0..255 for the CenterNet backbone (letterboxed in black, as it detects best).
	 *
	 * @return the padded input [1, S, S, 3] and the resized height and width over S, [2], to map boxes
	 */
	public Operand<TFloat32>[] preprocess(Operand<TUint8> image) {
		int s = config.inputSize();
		Operand<TInt32> hw = tf.slice(tf.shape(image), tf.constant(new int[] { 1 }), tf.constant(new int[] { 2 }));
		Operand<TFloat32> hwf = tf.dtypes.cast(hw, TFloat32.class);
		Operand<TFloat32> scale = tf.math.div(tf.constant((float) s), tf.max(hwf, tf.constant(0)));
		Operand<TInt32> size = tf.math.minimum(tf.math.maximum(tf.dtypes.cast(tf.math.round(tf.math.mul(hwf, scale)),
			TInt32.class), tf.constant(1)), tf.constant(s));
		Operand<TFloat32> resized = tf.image.resizeBilinear(tf.dtypes.cast(image, TFloat32.class), size,
			org.tensorflow.op.image.ResizeBilinear.halfPixelCenters(true));
		Operand<TFloat32> normalised = config.centerNet() ? resized : normalise(resized);
		Operand<TInt32> padAfter = tf.math.sub(tf.constant(s), size);
		Operand<TInt32> paddings = tf.stack(List.of(tf.constant(new int[] { 0, 0 }),
			tf.stack(List.of(tf.constant(0), tf.gather(padAfter, tf.constant(0), tf.constant(0)))),
			tf.stack(List.of(tf.constant(0), tf.gather(padAfter, tf.constant(1), tf.constant(0)))),
			tf.constant(new int[] { 0, 0 })));
		Operand<TFloat32> padded = tf.reshape(tf.pad(normalised, paddings, tf.constant(0f)),
			tf.constant(new int[] { 1, s, s, 3 }));
		Operand<TFloat32> fraction = tf.math.div(tf.dtypes.cast(size, TFloat32.class), tf.constant((float) s));
		@SuppressWarnings("unchecked")
		Operand<TFloat32>[] out = new Operand[] { padded, fraction };
		return out;
	}

	/** Embeddings of what the training graph is fed: images (0..255), or the frozen CenterNet's features. */
	public Embeddings embeddingsOfFed(Operand<TFloat32> fed) {
		return config.centerNet() ? fromCenterNet(fed) : embeddings(normalise(fed));
	}

	/**
	 * On the frozen CenterNet's stride-4 features and class logits ({@link CenterNetBackbone#features}), a trainable
	 * 1x1 convolution adapts them for the embeddings, as Deep-MAC computes its embeddings from its backbone's. (No
	 * 3x3 convolution at full resolution here: the mask head's own convolutions see the context, and over the whole
	 * image it would cost more than the head.)
	 */
	public Embeddings fromCenterNet(Operand<TFloat32> features) {
		int a = NetConfig.ADAPTED_FEATURES;
		return embeddingHeads(conv("adapt", features, CenterNetBackbone.CHANNELS, a, 1, 1, true), a);
	}

	/** Backbone and embedding heads on normalised images [B, H, W, 3] (H and W multiples of 32). */
	public Embeddings embeddings(Operand<TFloat32> x) {
		int[] w = NetConfig.WIDTHS;
		Operand<TFloat32> c1 = conv("backbone/c1", x, 3, w[0], 3, 2, true);
		Operand<TFloat32> c2 = conv("backbone/c2a", c1, w[0], w[1], 3, 2, true);
		c2 = conv("backbone/c2b", c2, w[1], w[1], 3, 1, true);
		Operand<TFloat32> c3 = conv("backbone/c3a", c2, w[1], w[2], 3, 2, true);
		c3 = conv("backbone/c3b", c3, w[2], w[2], 3, 1, true);
		Operand<TFloat32> c4 = conv("backbone/c4a", c3, w[2], w[3], 3, 2, true);
		c4 = conv("backbone/c4b", c4, w[3], w[3], 3, 1, true);
		Operand<TFloat32> c5 = conv("backbone/c5a", c4, w[3], w[4], 3, 2, true);
		c5 = conv("backbone/c5b", c5, w[4], w[4], 3, 1, true);
		Operand<TFloat32> u4 = conv("backbone/u4", tf.concat(List.of(up(c5), c4), tf.constant(3)), w[4] + w[3], w[3], 3, 1, true);
		Operand<TFloat32> u3 = conv("backbone/u3", tf.concat(List.of(up(u4), c3), tf.constant(3)), w[3] + w[2], w[2], 3, 1, true);
		Operand<TFloat32> u2 = conv("backbone/u2a", tf.concat(List.of(up(u3), c2), tf.constant(3)), w[2] + w[1],
			NetConfig.FEATURES, 3, 1, true);
		u2 = conv("backbone/u2b", u2, NetConfig.FEATURES, NetConfig.FEATURES, 3, 1, true);
		return embeddingHeads(u2, NetConfig.FEATURES);
	}

	private Embeddings embeddingHeads(Operand<TFloat32> features, int channels) {
		Operand<TFloat32> pixel = conv("pixel_embedding", features, channels, config.pixelDim(), 1, 1, false, false);
		Operand<TFloat32> instance = conv("instance_embedding", features, channels, config.instanceDim(), 1, 1, false, false);
		return new Embeddings(pixel, instance);
	}

	/**
	 * Mask logits for boxes.
	 *
	 * @param boxes [N, 4] ymin, xmin, ymax, xmax normalised to the embedding's frame
	 * @param boxImage [N] which image of the batch each box is in
	 * @return logits [N, S, S]
	 */
	public Operand<TFloat32> maskLogits(Embeddings e, Operand<TFloat32> boxes, Operand<TInt32> boxImage) {
		int s = config.maskSize();
		Operand<TFloat32> pixel = tf.image.cropAndResize(e.pixel(), boxes, boxImage, tf.constant(new int[] { s, s }));
		// box centres, as degenerate boxes: crop_and_resize to 1x1 samples the embedding there (bilinear)
		Operand<TFloat32> ymin = column(boxes, 0), xmin = column(boxes, 1), ymax = column(boxes, 2), xmax = column(boxes, 3);
		Operand<TFloat32> cy = tf.math.mul(tf.math.add(ymin, ymax), tf.constant(0.5f));
		Operand<TFloat32> cx = tf.math.mul(tf.math.add(xmin, xmax), tf.constant(0.5f));
		Operand<TFloat32> centres = tf.concat(List.of(cy, cx, cy, cx), tf.constant(1));
		Operand<TFloat32> instance = tf.image.cropAndResize(e.instance(), centres, boxImage, tf.constant(new int[] { 1, 1 }));
		Operand<TInt32> n = tf.reshape(tf.slice(tf.shape(boxes), tf.constant(new int[] { 0 }), tf.constant(new int[] { 1 })),
			tf.constant(new int[] { 1 }));
		Operand<TFloat32> ones = tf.fill(tf.concat(List.of(n, tf.constant(new int[] { s, s, 1 })), tf.constant(0)), tf.constant(1f));
		Operand<TFloat32> tiled = tf.math.mul(instance, ones);
		Operand<TFloat32> xy = tf.math.mul(ones, coordinates(s));
		Operand<TFloat32> h = tf.concat(List.of(pixel, tiled, xy), tf.constant(3));
		int in = config.pixelDim() + config.instanceDim() + 2;
		int c = config.headChannels();
		h = conv("head/in", h, in, c, 1, 1, true);
		int convs = NetConfig.headConvs(config.head());
		if (convs > 0) {
			for (int i = 0; i < convs; i++) h = conv("head/conv" + (i + 1), h, c, c, 3, 1, true);
		}
		else {
			h = hourglass("head/hg", h, c, NetConfig.hourglassLevels(config.head()));
		}
		Operand<TFloat32> logits = conv("head/logits", h, c, 1, 1, 1, false, false);
		return tf.reshape(logits, tf.constant(new int[] { -1, s, s }));
	}

	/** One hourglass: a residual block, then (if levels remain) down, recurse, up and add. */
	private Operand<TFloat32> hourglass(String name, Operand<TFloat32> x, int c, int levels) {
		Operand<TFloat32> skip = conv(name + "/skip", x, c, c, 3, 1, true);
		if (levels == 0) return skip;
		int inner = c + 16;
		Operand<TFloat32> down = conv(name + "/down", x, c, inner, 3, 2, true);
		Operand<TFloat32> mid = hourglass(name + "/l" + levels, down, inner, levels - 1);
		// project at the coarse resolution, then upsample: cheap, as the head runs once per box
		Operand<TFloat32> upped = up(conv(name + "/up", mid, inner, c, 1, 1, false, false));
		return relu(groupNorm(name + "/merge", tf.math.add(upped, skip), c));
	}

	/** Coordinate channels: y and x from -1 to 1 over the mask, [1, s, s, 2]. */
	private Operand<TFloat32> coordinates(int s) {
		float[] values = new float[s * s * 2];
		for (int i = 0; i < s; i++)
			for (int j = 0; j < s; j++) {
				values[2 * (i * s + j)] = s == 1 ? 0 : -1f + 2f * i / (s - 1);
				values[2 * (i * s + j) + 1] = s == 1 ? 0 : -1f + 2f * j / (s - 1);
			}
		return tf.constant(Shape.of(1, s, s, 2), DataBuffers.of(values, true, false));
	}

	private Operand<TFloat32> column(Operand<TFloat32> boxes, int k) {
		return tf.slice(boxes, tf.constant(new int[] { 0, k }), tf.constant(new int[] { -1, 1 }));
	}

	/** Nearest-neighbour upsampling by 2. */
	private Operand<TFloat32> up(Operand<TFloat32> x) {
		Operand<TInt32> hw = tf.slice(tf.shape(x), tf.constant(new int[] { 1 }), tf.constant(new int[] { 2 }));
		return tf.image.resizeNearestNeighbor(x, tf.math.mul(hw, tf.constant(2)));
	}

	private Operand<TFloat32> conv(String name, Operand<TFloat32> x, int cin, int cout, int k, int stride, boolean norm) {
		return conv(name, x, cin, cout, k, stride, norm, true);
	}

	private Operand<TFloat32> conv(String name, Operand<TFloat32> x, int cin, int cout, int k, int stride, boolean norm,
		boolean activate)
	{
		Operand<TFloat32> kernel = weights.get(name + "/kernel", Init.HE, k, k, cin, cout);
		Operand<TFloat32> y = tf.nn.conv2d(x, kernel, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
		y = norm ? groupNorm(name + "/gn", y, cout) : tf.nn.biasAdd(y, weights.get(name + "/bias", Init.ZERO, cout));
		return activate ? relu(y) : y;
	}

	private Operand<TFloat32> relu(Operand<TFloat32> x) {
		return tf.nn.relu(x);
	}

	/** Group normalisation (Wu and He, 2018) with groups of {@link #GROUP_CHANNELS} channels. */
	private Operand<TFloat32> groupNorm(String name, Operand<TFloat32> x, int channels) {
		int groups = Math.max(1, channels / GROUP_CHANNELS);
		Operand<TInt32> shape = tf.shape(x);
		Operand<TInt32> grouped = tf.concat(List.of(tf.slice(shape, tf.constant(new int[] { 0 }), tf.constant(new int[] { 3 })),
			tf.constant(new int[] { groups, channels / groups })), tf.constant(0));
		Operand<TFloat32> g = tf.reshape(x, grouped);
		Operand<TInt32> axes = tf.constant(new int[] { 1, 2, 4 });
		Operand<TFloat32> mean = tf.math.mean(g, axes, org.tensorflow.op.math.Mean.keepDims(true));
		Operand<TFloat32> centred = tf.math.sub(g, mean);
		Operand<TFloat32> variance = tf.math.mean(tf.math.square(centred), axes, org.tensorflow.op.math.Mean.keepDims(true));
		Operand<TFloat32> normalised = tf.reshape(tf.math.mul(centred, tf.math.rsqrt(tf.math.add(variance, tf.constant(EPSILON)))), shape);
		Operand<TFloat32> gamma = weights.get(name + "/gamma", Init.ONE, channels);
		Operand<TFloat32> beta = weights.get(name + "/beta", Init.ZERO, channels);
		return tf.math.add(tf.math.mul(normalised, gamma), beta);
	}

	/** Names of the parameters a network of this configuration has, in creation order (for tests and listings). */
	public static List<String> parameterNames(NetConfig config) {
		List<String> names = new ArrayList<>();
		try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
			Ops tf = Ops.create(g);
			Weights w = (name, init, shape) -> {
				names.add(name);
				return tf.zeros(tf.constant(shape), TFloat32.class);
			};
			DeepMacNet net = new DeepMacNet(tf, config, w);
			Embeddings e = net.embeddingsOfFed(tf.placeholder(TFloat32.class));
			net.maskLogits(e, tf.placeholder(TFloat32.class), tf.placeholder(TInt32.class));
		}
		return names;
	}
}
