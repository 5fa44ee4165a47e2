package sc.fiji.deepmac.image;

import java.util.Objects;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.LUT;
import sc.fiji.deepmac.model.RgbImage;

/**
 * Turns one (slice, frame) plane of any ImageJ 1.x image into the model's 8-bit RGB input.
 * <ul>
 * <li>8-bit gray: the raw values, in three equal channels.</li>
 * <li>16-bit and 32-bit gray: stretched between the plane's own percentiles (see {@link PercentileNormalization});
 * 32-bit percentiles come from 65536 bins between the plane's finite minimum and maximum and are exact to one bin.
 * NaN and infinite values become 0, and so does a plane whose two percentiles are equal.</li>
 * <li>RGB: its r, g, b as they are.</li>
 * <li>Several channels: the chosen channel as above, or with {@link #COMPOSITE} every channel brought to 8 bits as
 * above, coloured through its LUT and summed with clamping at 255, like ImageJ's composite display.</li>
 * </ul>
 */
public final class PlaneConverter {

	/** The channel choice that blends all channels into one RGB composite. */
	public static final int COMPOSITE = 0;

	private final PercentileNormalization normalization;
	private final int channel;
	private boolean brightTail;

	/**
	 * @param channel a 1-based channel, or {@link #COMPOSITE}; ignored for single-channel images
	 */
	public PlaneConverter(PercentileNormalization normalization, int channel) {
		if (channel < 0) throw new IllegalArgumentException(
			"Channel must be a 1-based channel number or 0 for an RGB composite of all channels, got " + channel);
		this.normalization = Objects.requireNonNull(normalization, "normalization");
		this.channel = channel;
	}

	/** The plane at 1-based {@code slice} and {@code frame}, as the model's input. */
	public RgbImage toRgb(ImagePlus image, int slice, int frame) {
		int channels = image.getNChannels();
		checkPlane(image, channels, slice, frame);
		int width = image.getWidth();
		int height = image.getHeight();
		int pixelCount = width * height;
		if (3L * pixelCount > Integer.MAX_VALUE) throw new IllegalArgumentException(
			"A " + width + "x" + height + " plane is too large for one RGB array");
		byte[] rgb = new byte[3 * pixelCount];
		brightTail = false;
		ImageStack stack = image.getStack();
		if (channels > 1 && channel == COMPOSITE) {
			putComposite(image, stack, slice, frame, pixelCount, rgb);
		}
		else {
			int chosen = channels > 1 ? channel : 1;
			putPlane(stack.getPixels(image.getStackIndex(chosen, slice, frame)), pixelCount, rgb);
		}
		return new RgbImage(width, height, rgb);
	}

	/**
	 * Whether the last plane that {@link #toRgb} converted (any of its channels) had its 8-bit range set by a small
	 * bright part far above the rest, such as a saturated artefact, so that the rest came out dim: a lower high
	 * percentile helps. See {@link HistogramPercentiles} for the rule.
	 */
	public boolean brightTail() {
		return brightTail;
	}

	private void heard(IntensityRange range) {
		brightTail |= range.brightTail();
	}

	private void checkPlane(ImagePlus image, int channels, int slice, int frame) {
		if (channels > 1 && channel > channels) throw new IllegalArgumentException(
			"Channel " + channel + " does not exist: the image has " + channels + " channels");
		if (slice < 1 || slice > image.getNSlices()) throw new IllegalArgumentException(
			"Slice " + slice + " is outside the image's 1.." + image.getNSlices());
		if (frame < 1 || frame > image.getNFrames()) throw new IllegalArgumentException(
			"Frame " + frame + " is outside the image's 1.." + image.getNFrames());
	}

	private void putPlane(Object pixels, int pixelCount, byte[] rgb) {
		if (pixels instanceof int[] packed) {
			InterleavedRgb.putPacked(packed, rgb);
			return;
		}
		// the levels go into rgb's first third and are spread out in place: no second array
		InterleavedRgb.putGray(GrayLevels.of(pixels, normalization, rgb, this::heard), pixelCount, rgb);
	}

	private void putComposite(ImagePlus image, ImageStack stack, int slice, int frame, int pixelCount, byte[] rgb) {
		byte[] buffer = null;
		for (int c = 1; c <= image.getNChannels(); c++) {
			Object pixels = stack.getPixels(image.getStackIndex(c, slice, frame));
			if (pixels instanceof int[] packed) {
				InterleavedRgb.addPacked(packed, rgb);
				continue;
			}
			// 8-bit channels need no buffer: their own pixels are the levels
			if (buffer == null && !(pixels instanceof byte[])) buffer = new byte[pixelCount];
			byte[] levels = GrayLevels.of(pixels, normalization, buffer, this::heard);
			InterleavedRgb.addThroughLut(levels, pixelCount, channelLut(image, c), rgb);
		}
	}

	/** The LUT that colours channel {@code c}, or null for gray. */
	private static LUT channelLut(ImagePlus image, int c) {
		if (image instanceof CompositeImage composite) return composite.getChannelLut(c);
		// a plain ImagePlus has at most its processor's LUT, shared by every channel
		LUT[] luts = image.getLuts();
		return luts == null || luts.length == 0 ? null : luts[0];
	}
}
