package sc.fiji.deepmac.evaluate;

/**
 * Per-instance intersection over union between a ground-truth label plane and a predicted label plane whose
 * label {@code k} is the prediction for ground-truth instance {@code k} (labels 1..n, 0 = background).
 */
public final class InstanceIoU {

	private InstanceIoU() {}

	/**
	 * @param ignore pixels that count for no instance (COCO's crowd regions), or null
	 * @return IoU of each instance 1..n at index 0..n-1; an instance absent from both planes gets NaN
	 */
	public static double[] perInstance(int[] truth, int[] predicted, int n, boolean[] ignore) {
		if (truth.length != predicted.length) throw new IllegalArgumentException("Planes differ in size");
		long[] inter = new long[n + 1], gt = new long[n + 1], pred = new long[n + 1];
		for (int i = 0; i < truth.length; i++) {
			if (ignore != null && ignore[i]) continue;
			int g = truth[i], p = predicted[i];
			if (g > 0 && g <= n) gt[g]++;
			if (p > 0 && p <= n) pred[p]++;
			if (g > 0 && g == p && g <= n) inter[g]++;
		}
		double[] iou = new double[n];
		for (int k = 1; k <= n; k++) {
			long union = gt[k] + pred[k] - inter[k];
			iou[k - 1] = union == 0 ? Double.NaN : (double) inter[k] / union;
		}
		return iou;
	}

	/** IoU of two binary masks of the same size, leaving out the {@code ignore} pixels (if not null). */
	public static double of(boolean[] a, boolean[] b, boolean[] ignore) {
		long inter = 0, union = 0;
		for (int i = 0; i < a.length; i++) {
			if (ignore != null && ignore[i]) continue;
			if (a[i] && b[i]) inter++;
			if (a[i] || b[i]) union++;
		}
		return union == 0 ? Double.NaN : (double) inter / union;
	}

	/** Mean of the values that are not NaN (NaN when there are none). */
	public static double mean(double[] values) {
		double sum = 0;
		int n = 0;
		for (double v : values)
			if (!Double.isNaN(v)) {
				sum += v;
				n++;
			}
		return n == 0 ? Double.NaN : sum / n;
	}
}
