package sc.fiji.deepmac.mask;

import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * One plane of the label image: 16-bit while labels fit, 32-bit past 65,535. Serializable, so that a plane segmented
 * by one worker can be put into its stack by another.
 */
public final class LabelPlane implements java.io.Serializable {

	private static final long serialVersionUID = 1L;

	/** The largest label a 16-bit label image holds. */
	public static final int MAX_SHORT_LABEL = 65535;

	private final int width;
	private final int height;
	private final short[] shorts;
	private final float[] floats;

	public LabelPlane(int width, int height, int maxLabel) {
		this.width = width;
		this.height = height;
		boolean wide = maxLabel > MAX_SHORT_LABEL;
		this.shorts = wide ? null : new short[width * height];
		this.floats = wide ? new float[width * height] : null;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The label at pixel index {@code i = y * width + x}; 0 is background. */
	public int get(int i) {
		return shorts != null ? shorts[i] & 0xffff : (int) floats[i];
	}

	void set(int i, int label) {
		if (shorts != null) shorts[i] = (short) label;
		else floats[i] = label;
	}

	/** The plane as an ImageJ processor sharing these pixels. */
	public ImageProcessor processor() {
		return shorts != null ? new ShortProcessor(width, height, shorts, null)
			: new FloatProcessor(width, height, floats);
	}
}
