package sc.fiji.deepmac.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.CropAndResize;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

import sc.fiji.deepmac.tensorflow.TensorFlowRuntime;

/**
 * Tiny TensorFlow graphs built in the tests with the TF Java API that DJL bundles: SavedModels with the official
 * Deep-MAC signature (and wrong ones), and the Object Detection API's own post-processing as a reference.
 */
public final class TestModels {

	private TestModels() {}

	/**
	 * Exports the {@link TestModelFolders} into the folder {@code args[0]} (target/test-models; the build runs this).
	 */
	public static void main(String[] args) throws IOException {
		Path out = Path.of(args[0]);
		intensityModel(fresh(out.resolve(TestModelFolders.INTENSITY)), 32);
		imageOnlyModel(fresh(out.resolve(TestModelFolders.IMAGE_ONLY)));
		resizingIntensityModel(fresh(out.resolve(TestModelFolders.RESIZING)), 32, 256);
		readingModel(fresh(out.resolve(TestModelFolders.READS_FILE)), out.resolve(TestModelFolders.READ_PATH));
		writingModel(fresh(out.resolve(TestModelFolders.WRITES_FILE)), out.resolve(TestModelFolders.WRITE_PATH));
	}

	private static Path fresh(Path dir) throws IOException {
		if (java.nio.file.Files.exists(dir)) try (var walk = java.nio.file.Files.walk(dir)) {
			for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator)
				java.nio.file.Files.delete(p);
		}
		return dir;
	}

	/**
	 * A model whose mask for a box is the image's red channel (scaled to 0..1) cropped and resized to the box
	 * with {@code crop_and_resize}, as Deep-MAC crops its features: a box around a bright shape gives the shape
	 * back. Exports the official signature plus the extra outputs of the real export.
	 */
	public static Path intensityModel(Path dir, int maskSize) {
		return export(dir, (tf, image, boxes) -> {
			Operand<TFloat32> masks = intensityMasks(tf, image, boxes, maskSize);
			Operand<TInt32> n = tf.shape.size(tf.shape(boxes), tf.constant(1));
			return new Signature.Builder().key("serving_default").input("input_tensor", image).input("boxes", boxes)
				.output("detection_masks", masks)
				.output("detection_scores", tf.fill(tf.concat(java.util.List.of(tf.constant(new int[] { 1 }),
					tf.reshape(n, tf.constant(new int[] { 1 }))), tf.constant(0)), tf.constant(1f)))
				.output("num_detections", tf.dtypes.cast(n, TFloat32.class))
				.output("detection_boxes", tf.identity(boxes));
		});
	}

	/**
	 * Like {@link #intensityModel} but, as Deep-MAC models do, the image is first resized so that its long side is
	 * {@code inputSize} (bilinear), and {@code deepmac.properties} says so: small boxes in a large plane vanish
	 * unless the pipeline gives them a context crop.
	 */
	public static Path resizingIntensityModel(Path dir, int maskSize, int inputSize) {
		export(dir, (tf, image, boxes) -> {
			Operand<TInt32> hw = tf.slice(tf.shape(image), tf.constant(new int[] { 1 }), tf.constant(new int[] { 2 }));
			Operand<TFloat32> hwf = tf.dtypes.cast(hw, TFloat32.class);
			Operand<TFloat32> scale = tf.math.div(tf.constant((float) inputSize), tf.max(hwf, tf.constant(0)));
			Operand<TInt32> size = tf.dtypes.cast(tf.math.round(tf.math.mul(hwf, scale)), TInt32.class);
			Operand<TUint8> resized = tf.dtypes.cast(tf.image.resizeBilinear(image, size), TUint8.class);
			return new Signature.Builder().key("serving_default").input("input_tensor", image).input("boxes", boxes)
				.output("detection_masks", intensityMasks(tf, resized, boxes, maskSize));
		});
		try {
			java.nio.file.Files.writeString(dir.resolve("deepmac.properties"), "input_size=" + inputSize + "\n");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return dir;
	}

	/**
	 * {@link #intensityModel} with a variable (so that its saver restores with RestoreV2, as real models' do) whose
	 * mask is scaled by that variable, 1.
	 */
	public static Path variableModel(Path dir) {
		return export(dir, (tf, image, boxes) -> new Signature.Builder().key("serving_default").input("input_tensor", image)
			.input("boxes", boxes).output("detection_masks", scaled(tf, intensityMasks(tf, image, boxes, 8))));
	}

	/**
	 * A hostile model with the official signature (and a variable): an extra output {@code detection_secret} reads
	 * the file {@code path} (ReadFile) into a number.
	 */
	public static Path readingModel(Path dir, Path path) {
		return export(dir, (tf, image, boxes) -> new Signature.Builder().key("serving_default").input("input_tensor", image)
			.input("boxes", boxes).output("detection_masks", scaled(tf, intensityMasks(tf, image, boxes, 8)))
			.output("detection_secret", tf.strings.toNumber(tf.io.readFile(tf.constant(path.toAbsolutePath().toString())))));
	}

	/** A hostile model with the official signature whose masks wait for a WriteFile of "pwned" to {@code path}. */
	public static Path writingModel(Path dir, Path path) {
		return export(dir, (tf, image, boxes) -> {
			var write = tf.io.writeFile(tf.constant(path.toAbsolutePath().toString()), tf.constant("pwned"));
			return new Signature.Builder().key("serving_default").input("input_tensor", image).input("boxes", boxes)
				.output("detection_masks", tf.withControlDependencies(write).identity(intensityMasks(tf, image, boxes, 8)));
		});
	}

	private static Operand<TFloat32> scaled(Ops tf, Operand<TFloat32> masks) {
		return tf.math.mul(masks, tf.withName("mask_scale").variable(tf.constant(1f)));
	}

	/** A SavedModel whose serving signature lacks the {@code boxes} input. */
	public static Path imageOnlyModel(Path dir) {
		return export(dir, (tf, image, boxes) -> new Signature.Builder().key("serving_default")
			.input("input_tensor", image).output("detection_masks", tf.dtypes.cast(image, TFloat32.class)));
	}

	/** A SavedModel with the right inputs whose masks output is called {@code masks}. */
	public static Path misnamedOutputModel(Path dir) {
		return export(dir, (tf, image, boxes) -> new Signature.Builder().key("serving_default")
			.input("input_tensor", image).input("boxes", boxes).output("masks", intensityMasks(tf, image, boxes, 8)));
	}

	static Operand<TFloat32> intensityMasks(Ops tf, Operand<TUint8> image, Operand<TFloat32> boxes, int size) {
		Operand<TFloat32> scaled = tf.math.div(tf.dtypes.cast(image, TFloat32.class), tf.constant(255f));
		Operand<TFloat32> flatBoxes = tf.reshape(boxes, tf.constant(new int[] { -1, 4 }));
		Operand<TInt32> n = tf.shape.size(tf.shape(flatBoxes), tf.constant(0));
		Operand<TInt32> boxIndex = tf.fill(tf.reshape(n, tf.constant(new int[] { 1 })), tf.constant(0));
		Operand<TFloat32> crops = tf.image.cropAndResize(scaled, flatBoxes, boxIndex, tf.constant(new int[] { size, size }));
		Operand<TFloat32> red = tf.gather(crops, tf.constant(0), tf.constant(3));
		return tf.expandDims(red, tf.constant(0));
	}

	private interface SignatureMaker {
		Signature.Builder make(Ops tf, Placeholder<TUint8> image, Placeholder<TFloat32> boxes);
	}

	private static Path export(Path dir, SignatureMaker maker) {
		TensorFlowRuntime.engine();
		try (Graph g = new Graph(); Session session = new Session(g)) {
			Ops tf = Ops.create(g);
			Placeholder<TUint8> image = tf.withName("input_tensor").placeholder(TUint8.class,
				Placeholder.shape(Shape.of(1, -1, -1, 3)));
			Placeholder<TFloat32> boxes = tf.withName("boxes").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(1, -1, 4)));
			Signature signature = maker.make(tf, image, boxes).build();
			session.initialize();
			SavedModelBundle.exporter(dir.toString()).withSession(session).withSignature(signature).export();
			return dir;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * The Object Detection API's {@code reframe_box_masks_to_image_masks}, run in TensorFlow: each box mask is
	 * {@code crop_and_resize}d with the inverse box to the image size, bilinear, extrapolation 0.
	 *
	 * @return N image-sized probability maps, row-major
	 */
	public static float[] officialReframe(float[] masks, int n, int size, float[] boxes, int height, int width) {
		TensorFlowRuntime.engine();
		try (Graph g = new Graph(); Session session = new Session(g)) {
			Ops tf = Ops.create(g);
			Operand<TFloat32> m = tf.constant(Shape.of(n, size, size, 1), DataBuffers.of(masks, true, false));
			Operand<TFloat32> b = tf.constant(Shape.of(n, 4), DataBuffers.of(boxes, true, false));
			// transform_boxes_relative_to_boxes(unit_boxes, boxes), with the 1e-4 floor on the box size
			Operand<TFloat32> minCorner = tf.tile(tf.slice(b, tf.constant(new int[] { 0, 0 }), tf.constant(new int[] { -1, 2 })),
				tf.constant(new int[] { 1, 2 }));
			Operand<TFloat32> maxCorner = tf.tile(tf.slice(b, tf.constant(new int[] { 0, 2 }), tf.constant(new int[] { -1, 2 })),
				tf.constant(new int[] { 1, 2 }));
			Operand<TFloat32> denom = tf.math.maximum(tf.math.sub(maxCorner, minCorner), tf.constant(1e-4f));
			Operand<TFloat32> unit = tf.constant(Shape.of(n, 4), DataBuffers.of(unitBoxes(n), true, false));
			Operand<TFloat32> reverse = tf.math.div(tf.math.sub(unit, minCorner), denom);
			int[] index = new int[n];
			for (int i = 0; i < n; i++) index[i] = i;
			Operand<TFloat32> out = tf.image.cropAndResize(m, reverse, tf.constant(index),
				tf.constant(new int[] { height, width }), CropAndResize.method("bilinear"), CropAndResize.extrapolationValue(0f));
			try (Result result = session.runner().fetch(out).run()) {
				float[] values = new float[n * height * width];
				((TFloat32) result.get(0)).asRawTensor().data().asFloats().read(values);
				return values;
			}
		}
	}

	private static float[] unitBoxes(int n) {
		float[] unit = new float[4 * n];
		for (int i = 0; i < n; i++) {
			unit[4 * i + 2] = 1;
			unit[4 * i + 3] = 1;
		}
		return unit;
	}
}
