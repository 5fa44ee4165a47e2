package sc.fiji.deepmac.image;

/**
 * How a 16-bit or 32-bit plane is stretched to 8 bits: the {@code low} percentile of its values becomes 0, the
 * {@code high} percentile 255. A percentile is NumPy's default: linear interpolation between the two nearest ranks
 * of the sorted values (what CSBDeep and StarDist use for the same 1 / 99.8 defaults).
 *
 * @param low the percentile that becomes 0, in {@code [0, high)}
 * @param high the percentile that becomes 255, in {@code (low, 100]}
 */
public record PercentileNormalization(double low, double high) implements java.io.Serializable {

	public static final PercentileNormalization DEFAULT = new PercentileNormalization(1, 99.8);

	public PercentileNormalization {
		// written so that NaN fails too
		if (!(0 <= low && low < high && high <= 100)) throw new IllegalArgumentException(
			"Percentiles must satisfy 0 <= low < high <= 100, got low " + low + " and high " + high);
	}
}
