package sc.fiji.deepmac.imglib2;

import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import sc.fiji.deepmac.segment.Instance;
import sc.fiji.deepmac.segment.InstanceTable;
import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * What the ImgLib2 entry returns.
 *
 * @param labels the label image: unsigned 16-bit, unsigned 32-bit past 65,535 labels; label k is box k
 * @param labelAxes the axes of {@code labels}: the input's without C
 * @param result the pipeline's result, its label image the ImageJ 1.x image that {@code labels} wraps
 */
public record ImgLib2Result(Img<? extends RealType<?>> labels, AxisOrder labelAxes, SegmentationResult result) {

	public List<Instance> instances() {
		return result.instances();
	}

	public List<String> warnings() {
		return result.warnings();
	}

	/** The instance table, in pixels (the ImgLib2 input has no calibration). */
	public InstanceTable table() {
		return new InstanceTable(result.instances(), result.labels().getCalibration()).withModel(result.model());
	}
}
