package sc.fiji.deepmac.mask;

import java.awt.Color;

import ij.ImagePlus;
import ij.process.LUT;

/**
 * How label images look: a colour table in which neighbouring labels differ strongly (in the spirit of Fiji's
 * glasbey LUTs, which are not on Maven Central), background black, and a mark that tells a label image apart from the
 * images users segment.
 */
public final class LabelColors {

	/** Image property ({@link ImagePlus#getProp}) that marks a Deep-MAC label image; saved with it in TIFFs. */
	public static final String LABEL_IMAGE_PROPERTY = "DeepMAC";
	public static final String LABEL_IMAGE_VALUE = "label image";
	/** ROI property ({@link ij.gui.Roi#getProperty}) that marks a mask ROI of a run (saved with it in RoiSets). */
	public static final String MASK_ROI_PROPERTY = "DeepMAC";
	public static final String MASK_ROI_VALUE = "mask";
	/** Outline colour of mask ROIs: apart from ImageJ's yellow selections and the user's rectangles. */
	public static final Color MASK_COLOR = new Color(0, 220, 255);

	private static final LUT LUT = build();

	private LabelColors() {}

	/** Gives {@code labels} the label colour table, a display range in which label k has colour k (up to 255) and the mark. */
	public static void style(ImagePlus labels, int maxLabel) {
		labels.setLut(LUT);
		labels.setDisplayRange(0, Math.max(255, maxLabel));
		labels.setProp(LABEL_IMAGE_PROPERTY, LABEL_IMAGE_VALUE);
	}

	/** Whether {@code image} is a label image that Deep-MAC made. */
	public static boolean isLabelImage(ImagePlus image) {
		return image != null && LABEL_IMAGE_VALUE.equals(image.getProp(LABEL_IMAGE_PROPERTY));
	}

	/** Whether {@code roi} is a mask ROI that Deep-MAC made. */
	public static boolean isMaskRoi(ij.gui.Roi roi) {
		return roi != null && MASK_ROI_VALUE.equals(roi.getProperty(MASK_ROI_PROPERTY));
	}

	/** Marks and colours a mask ROI. */
	public static void markMask(ij.gui.Roi roi) {
		roi.setProperty(MASK_ROI_PROPERTY, MASK_ROI_VALUE);
		roi.setStrokeColor(MASK_COLOR);
	}

	/**
	 * Entry 0 black; entry k steps the hue by the golden angle (so consecutive labels are far apart on the colour
	 * wheel) and cycles saturation and brightness over three levels each (so labels whose hues come close again differ
	 * in the other two). Every colour is bright enough to stand out on black.
	 */
	private static LUT build() {
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		float[] saturation = { 1f, 0.55f, 0.8f }, brightness = { 1f, 0.8f, 0.62f };
		for (int k = 1; k < 256; k++) {
			float hue = (float) ((k * 0.6180339887498949) % 1.0);
			int rgb = Color.HSBtoRGB(hue, saturation[k % 3], brightness[(k / 3) % 3]);
			r[k] = (byte) (rgb >> 16);
			g[k] = (byte) (rgb >> 8);
			b[k] = (byte) rgb;
		}
		return new LUT(r, g, b);
	}
}
