package sc.fiji.deepmac.plugin;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.BoxInputException;
import sc.fiji.deepmac.box.RoiBoxes;
import sc.fiji.deepmac.box.RoiFiles;
import sc.fiji.deepmac.box.StackShape;
import sc.fiji.deepmac.mask.LabelColors;
import sc.fiji.deepmac.options.UnpositionedRois;

/**
 * Reads the box prompts of a run from the ROI Manager, the image's overlay or a RoiSet file, without changing any of
 * them. Without a display there is no ROI Manager in ImageJ 1.x: the ROI Manager source then reads the overlay.
 */
public final class RoiPrompts {

	/** The boxes, in ROI order, and a phrase saying where they came from. */
	public record Prompts(List<Box> boxes, String from) {}

	private RoiPrompts() {}

	/**
	 * @param warnings receives non-rectangles (their bounds are used) and fall-backs from one source to another
	 * @throws BoxInputException no image, no ROIs, line or point ROIs, a missing or unreadable file
	 */
	public static Prompts collect(ImagePlus image, RoiSource source, Path file, UnpositionedRois unpositioned,
		List<String> warnings)
	{
		if (image == null) throw new BoxInputException("No image: open the image to segment first");
		Roi[] rois;
		String from;
		switch (source) {
			case FILE -> {
				if (file == null) throw new BoxInputException(
					"No RoiSet file given: choose a .roi file or a RoiSet .zip saved from the ROI Manager");
				rois = RoiFiles.read(file);
				from = file.getFileName().toString();
			}
			case OVERLAY -> {
				rois = overlay(image);
				if (rois.length == 0) throw new BoxInputException("The image '" + image.getTitle()
					+ "' has no overlay ROIs: add rectangles to its overlay (Image > Overlay > Add Selection) or use the ROI Manager");
				from = "the overlay of " + image.getTitle();
			}
			default -> {
				Roi[] managed = GraphicsEnvironment.isHeadless() ? new Roi[0] : managerRois();
				// the mask ROIs of earlier runs follow the user's ROIs in the ROI Manager: they are results, not prompts
				Roi[] prompts = java.util.Arrays.stream(managed).filter(r -> !LabelColors.isMaskRoi(r)).toArray(Roi[]::new);
				if (prompts.length < managed.length) warnings.add((managed.length - prompts.length)
					+ " mask ROI(s) of an earlier Deep-MAC run in the ROI Manager were left out of the prompts");
				managed = prompts;
				if (managed.length > 0) {
					rois = managed;
					from = "the ROI Manager";
				}
				else {
					rois = overlay(image);
					from = "the overlay of " + image.getTitle();
					if (rois.length == 0 && image.getRoi() != null && !GraphicsEnvironment.isHeadless()) {
						rois = new Roi[] { image.getRoi() };
						from = "the selection on " + image.getTitle();
					}
					if (rois.length == 0) throw new BoxInputException(GraphicsEnvironment.isHeadless()
						? "No ROIs: without a display there is no ROI Manager; put the rectangles in the image's overlay "
							+ "or give a RoiSet file (ROI source 'RoiSet file')"
						: "No ROIs: add rectangles around the objects to the ROI Manager (draw one, press t) or to the "
							+ "image's overlay");
					warnings.add((GraphicsEnvironment.isHeadless() ? "No ROI Manager without a display" : "The ROI Manager is empty")
						+ ": using " + from);
				}
			}
		}
		StackShape shape = StackShape.of(image);
		List<Box> boxes = RoiBoxes.fromRois(rois, shape, warnings);
		if (unpositioned == UnpositionedRois.CURRENT_PLANE) boxes = onCurrentPlane(boxes, image);
		return new Prompts(boxes, from);
	}

	/** The ROI Manager's ROIs (in a batch-mode macro, its hidden ROI Manager's), or none; never opens one. */
	private static Roi[] managerRois() {
		RoiManager rm = RoiManager.getInstance();
		return rm == null ? new Roi[0] : rm.getRoisAsArray();
	}

	private static Roi[] overlay(ImagePlus image) {
		Overlay overlay = image.getOverlay();
		return overlay == null ? new Roi[0] : overlay.toArray();
	}

	/** Boxes without a slice or frame act on the image's current slice or frame. */
	static List<Box> onCurrentPlane(List<Box> boxes, ImagePlus image) {
		List<Box> placed = new ArrayList<>(boxes.size());
		int z = image.getNSlices() > 1 ? image.getZ() : 0;
		int t = image.getNFrames() > 1 ? image.getT() : 0;
		for (Box b : boxes)
			placed.add(new Box(b.name(), b.x(), b.y(), b.width(), b.height(), b.channel(),
				b.slice() == 0 ? z : b.slice(), b.frame() == 0 ? t : b.frame()));
		return placed;
	}
}
