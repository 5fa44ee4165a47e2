package sc.fiji.deepmac.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.io.RoiEncoder;

import sc.fiji.deepmac.mask.LabelPlane;
import sc.fiji.deepmac.mask.PlaneLabeler;
import sc.fiji.deepmac.model.ModelProvenance;
import sc.fiji.deepmac.segment.Plane;
import sc.fiji.deepmac.segment.PlaneSegmentation;
import sc.fiji.deepmac.segment.SegmentationResult;

/**
 * What a plane task sends to its stack's merge: the plane's {@link PlaneSegmentation} (its ROIs as ImageJ's .roi
 * bytes, since ROIs are not reliably serializable), the model that made it, or the error that stopped it.
 *
 * @param index the plane's place in the stack's order of planes (see {@link Plane#all}), from 0
 * @param plane the plane; null when the task failed before it opened the stack
 * @param seconds the task's time
 * @param modelLoads the task's JVM and the models that JVM had loaded
 * @param fromSavedPlanes whether an earlier run made this plane ({@link SavedPlanes})
 */
record PlaneResult(int index, Plane plane, LabelPlane labels, List<Found> found, boolean brightTail,
	SegmentationResult.Timings timings, ModelProvenance model, double seconds, String error,
	Map<String, Integer> modelLoads, boolean fromSavedPlanes) implements Serializable
{
	/** A {@link PlaneLabeler.Instance} with its outline encoded (null: an empty mask). */
	record Found(int label, long area, double meanProbability, long inLabels, byte[] roi) implements Serializable {}

	static PlaneResult of(int index, PlaneSegmentation segmented, ModelProvenance model, double seconds) {
		List<Found> found = segmented.found().stream().map(i -> new Found(i.label(), i.area(), i.meanProbability(),
			i.inLabels(), i.roi() == null ? null : RoiEncoder.saveAsByteArray(i.roi()))).toList();
		return new PlaneResult(index, segmented.plane(), segmented.labels(), found, segmented.brightTail(), segmented.timings(),
			model, seconds, "", ImageResult.loadsHere(), false);
	}

	static PlaneResult failed(int index, Plane plane, String error, double seconds) {
		return new PlaneResult(index, plane, null, List.of(), false, null, null, seconds, error, ImageResult.loadsHere(),
			false);
	}

	/** This plane, saved by an earlier run, as this task returns it. */
	PlaneResult reused() {
		return new PlaneResult(index, plane, labels, found, brightTail, timings, model, 0, error, ImageResult.loadsHere(), true);
	}

	boolean failed() {
		return !error.isEmpty();
	}

	/** The plane's segmentation as the task made it. */
	PlaneSegmentation segmentation() {
		List<PlaneLabeler.Instance> instances = found.stream().map(f -> new PlaneLabeler.Instance(f.label(), f.area(),
			f.meanProbability(), f.inLabels(), f.roi() == null ? null : roi(f.roi()))).toList();
		return new PlaneSegmentation(plane, labels, instances, brightTail, timings);
	}

	private static Roi roi(byte[] bytes) {
		Roi roi = RoiDecoder.openFromByteArray(bytes);
		if (roi == null) throw new IllegalStateException("An outline that ImageJ wrote could not be read back");
		return roi;
	}
}
