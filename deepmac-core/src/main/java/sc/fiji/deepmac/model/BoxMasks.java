package sc.fiji.deepmac.model;

/**
 * What a mask model returns for N boxes: N square masks of side {@code size}, sigmoid probabilities in each
 * box's own frame (row-major, mask k at offset {@code k * size * size}).
 */
public final class BoxMasks {

	private final int count;
	private final int size;
	private final float[] probabilities;

	public BoxMasks(int count, int size, float[] probabilities) {
		if (probabilities.length != count * size * size) throw new IllegalArgumentException(
			"Expected " + count + " masks of " + size + "x" + size + ", got " + probabilities.length + " values");
		this.count = count;
		this.size = size;
		this.probabilities = probabilities;
	}

	public int count() {
		return count;
	}

	public int size() {
		return size;
	}

	/** All masks, mask k starting at {@code k * size * size}; not copied. */
	public float[] probabilities() {
		return probabilities;
	}

	public int offset(int k) {
		return k * size * size;
	}
}
