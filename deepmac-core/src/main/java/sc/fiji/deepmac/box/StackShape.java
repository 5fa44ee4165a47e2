package sc.fiji.deepmac.box;

import ij.ImagePlus;

/** The channel, slice and frame counts of an image: enough to turn a 1-based stack index into a position. */
public record StackShape(int channels, int slices, int frames) {

	public static StackShape of(ImagePlus image) {
		return new StackShape(image.getNChannels(), image.getNSlices(), image.getNFrames());
	}

	public int size() {
		return channels * slices * frames;
	}

	/** {@code {channel, slice, frame}} of a 1-based stack index, in ImageJ's czt order. */
	public int[] position(int stackIndex) {
		if (stackIndex < 1 || stackIndex > size()) throw new IllegalArgumentException(
			"Stack index " + stackIndex + " is outside the image's 1.." + size());
		int i = stackIndex - 1;
		return new int[] { i % channels + 1, i / channels % slices + 1, i / (channels * slices) + 1 };
	}
}
