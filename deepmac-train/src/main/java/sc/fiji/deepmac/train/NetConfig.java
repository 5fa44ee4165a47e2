package sc.fiji.deepmac.train;

import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Shape of a Deep-MAC network: the long side its preprocessing resizes to, the mask head, and the embedding sizes.
 *
 * @param inputSize long side (pixels) of the model input; images are resized keeping the aspect and padded to a square
 * @param head mask head: {@code convN} (N 3x3 convolutions) or {@code hourglassK} (an hourglass of K down/up levels)
 * @param headChannels channels of the mask head at full mask resolution
 * @param maskSize side of the per-box masks (32 as in Deep-MAC)
 * @param pixelDim channels of the pixel embedding (16 in Deep-MAC)
 * @param instanceDim channels of the instance embedding (32 in Deep-MAC)
 * @param backbone {@value #UNET} (our small U-Net, trained with the head), {@value #CENTERNET} (a frozen COCO-trained
 *        CenterNet read from TensorFlow.js, {@link CenterNetBackbone}) or {@value #CENTERNET_TUNED} (that CenterNet
 *        fine-tuned with the head)
 */
public record NetConfig(int inputSize, String head, int headChannels, int maskSize, int pixelDim, int instanceDim,
	String backbone)
{
	public static final String UNET = "unet", CENTERNET = "centernet", CENTERNET_TUNED = "centernet-tuned";


	/** Channels of the backbone stages at strides 2, 4, 8, 16 and 32. */
	static final int[] WIDTHS = { 16, 32, 64, 96, 128 };
	/** Channels of the stride-4 feature map the embeddings are computed from. */
	static final int FEATURES = 32;
	/** Channels the CenterNet backbone's features are adapted to before the embeddings. */
	static final int ADAPTED_FEATURES = 64;

	public NetConfig {
		backbone = backbone.toLowerCase(Locale.ROOT);
		if (!List.of(UNET, CENTERNET, CENTERNET_TUNED).contains(backbone)) throw new IllegalArgumentException(
			"backbone must be " + UNET + ", " + CENTERNET + " or " + CENTERNET_TUNED + ", not " + backbone);
		if (!backbone.equals(UNET) && inputSize != CenterNetBackbone.INPUT_SIZE) throw new IllegalArgumentException(
			"the CenterNet backbone takes " + CenterNetBackbone.INPUT_SIZE + " px inputs, not " + inputSize);
		if (inputSize < 32 || inputSize % 32 != 0) throw new IllegalArgumentException("input size must be a multiple of 32");
		head = head.toLowerCase(Locale.ROOT);
		if (headConvs(head) < 0 && hourglassLevels(head) < 0) throw new IllegalArgumentException(
			"mask head must be convN (N >= 1) or hourglassK (K >= 1), not " + head);
		if (maskSize % (1 << Math.max(0, hourglassLevels(head))) != 0) throw new IllegalArgumentException(
			"mask size " + maskSize + " cannot be halved " + hourglassLevels(head) + " times");
	}

	public static NetConfig defaults() {
		return new NetConfig(512, "hourglass2", 32, 32, 16, 32, UNET);
	}

	public NetConfig withHead(String newHead) {
		return new NetConfig(inputSize, newHead, headChannels, maskSize, pixelDim, instanceDim, backbone);
	}

	public NetConfig withInputSize(int size) {
		return new NetConfig(size, head, headChannels, maskSize, pixelDim, instanceDim, backbone);
	}

	/** Whether the backbone is the CenterNet, frozen or fine-tuned. */
	public boolean centerNet() {
		return !backbone.equals(UNET);
	}

	public boolean fineTuned() {
		return backbone.equals(CENTERNET_TUNED);
	}

	/** Channels of what the training graph is fed: RGB images, or the frozen CenterNet's stride-4 features. */
	public int inputChannels() {
		return centerNet() && !fineTuned() ? CenterNetBackbone.CHANNELS : 3;
	}

	/** N of a {@code convN} head, else -1. */
	static int headConvs(String head) {
		return suffix(head, "conv");
	}

	/** K of an {@code hourglassK} head, else -1. */
	static int hourglassLevels(String head) {
		return suffix(head, "hourglass");
	}

	private static int suffix(String head, String prefix) {
		if (!head.startsWith(prefix)) return -1;
		try {
			int n = Integer.parseInt(head.substring(prefix.length()));
			return n >= 1 && n <= 8 ? n : -1;
		}
		catch (NumberFormatException e) {
			return -1;
		}
	}

	Properties toProperties() {
		Properties p = new Properties();
		p.setProperty("input_size", "" + inputSize);
		p.setProperty("head", head);
		p.setProperty("head_channels", "" + headChannels);
		p.setProperty("mask_size", "" + maskSize);
		p.setProperty("pixel_dim", "" + pixelDim);
		p.setProperty("instance_dim", "" + instanceDim);
		p.setProperty("backbone", backbone);
		return p;
	}

	static NetConfig fromProperties(Properties p) {
		return new NetConfig(Integer.parseInt(p.getProperty("input_size")), p.getProperty("head"),
			Integer.parseInt(p.getProperty("head_channels")), Integer.parseInt(p.getProperty("mask_size")),
			Integer.parseInt(p.getProperty("pixel_dim")), Integer.parseInt(p.getProperty("instance_dim")),
			p.getProperty("backbone", UNET)); // checkpoints from before the CenterNet backbone
	}
}
