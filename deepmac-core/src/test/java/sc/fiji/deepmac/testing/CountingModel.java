package sc.fiji.deepmac.testing;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.MaskModel;
import sc.fiji.deepmac.model.RgbImage;

/** Another model's predictions, recording how many boxes each call had. */
public final class CountingModel implements MaskModel {

	private final MaskModel model;
	private final List<Integer> calls = new ArrayList<>();

	public CountingModel(MaskModel model) {
		this.model = model;
	}

	/** The number of boxes of each call so far, in call order. */
	public List<Integer> calls() {
		return calls;
	}

	@Override
	public BoxMasks predict(RgbImage image, float[] boxes) {
		calls.add(boxes.length / 4);
		return model.predict(image, boxes);
	}

	@Override
	public int inputSize() {
		return model.inputSize();
	}

	@Override
	public String name() {
		return "counting";
	}

	@Override
	public void close() {}
}
