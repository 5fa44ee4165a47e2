package sc.fiji.deepmac.model;

/** An 8-bit RGB image, interleaved row-major ({@code r,g,b} per pixel): the model's input. */
public final class RgbImage {

	private final int width;
	private final int height;
	private final byte[] pixels;

	public RgbImage(int width, int height, byte[] pixels) {
		if (width <= 0 || height <= 0 || pixels.length != 3L * width * height) throw new IllegalArgumentException(
			"An RGB image of " + width + "x" + height + " needs " + 3L * width * height + " bytes, got " + pixels.length);
		this.width = width;
		this.height = height;
		this.pixels = pixels;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The interleaved pixels; not copied. */
	public byte[] pixels() {
		return pixels;
	}

	/** A copy of the rectangle {@code [x, x + w) x [y, y + h)}. */
	public RgbImage crop(int x, int y, int w, int h) {
		if (x == 0 && y == 0 && w == width && h == height) return this;
		byte[] out = new byte[3 * w * h];
		for (int row = 0; row < h; row++)
			System.arraycopy(pixels, 3 * ((y + row) * width + x), out, 3 * row * w, 3 * w);
		return new RgbImage(w, h, out);
	}
}
