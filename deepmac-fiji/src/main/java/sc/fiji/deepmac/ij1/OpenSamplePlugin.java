package sc.fiji.deepmac.ij1;

import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.Opener;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;

import sc.fiji.deepmac.UserError;
import sc.fiji.deepmac.box.Box;
import sc.fiji.deepmac.box.BoxCsv;
import sc.fiji.deepmac.box.StackShape;
import sc.fiji.deepmac.model.ModelLocator;

/**
 * {@code Plugins > Deep-MAC > Open Sample}: opens a shipped sample ({@code models/deepmac/samples/<name>.png}) with
 * its boxes ({@code <name>_boxes.csv}) as named rectangles in the ROI Manager, ready for Deep-MAC Segment ROIs. A ROI
 * Manager that already holds ROIs is left as it is: the boxes then go onto the sample's overlay.
 */
public class OpenSamplePlugin implements PlugIn {

	@Override
	public void run(String name) {
		try {
			open(name);
		}
		catch (UserError e) {
			SegmentRoisPlugin.error(e.getMessage());
		}
	}

	/** Opens sample {@code name} and places its boxes; returns the image. */
	static ImagePlus open(String name) {
		Path folder = samplesFolder().orElseThrow(() -> new UserError(UserError.Kind.INPUT, "The Deep-MAC samples are "
			+ "not installed (no models/deepmac/samples folder in " + ModelLocator.roots() + "): copy the whole "
			+ "Deep-MAC install into this ImageJ"));
		Path file = folder.resolve(name + ".png");
		ImagePlus image = Files.isRegularFile(file) ? new Opener().openImage(file.toString()) : null;
		if (image == null) throw new UserError(UserError.Kind.INPUT, "The Deep-MAC sample " + file + " is missing or "
			+ "cannot be read: reinstall Deep-MAC");
		List<Box> boxes = BoxCsv.read(folder.resolve(name + "_boxes.csv"), StackShape.of(image));
		image.show();
		RoiManager manager = GraphicsEnvironment.isHeadless() ? null : RoiManager.getInstance();
		if (GraphicsEnvironment.isHeadless() || manager != null && manager.getCount() > 0) {
			Overlay overlay = new Overlay();
			boxes.forEach(b -> overlay.add(rectangle(b)));
			image.setOverlay(overlay);
			if (!GraphicsEnvironment.isHeadless()) IJ.log("Deep-MAC sample: the ROI Manager holds your ROIs, so the "
				+ boxes.size() + " boxes of " + name + " are in its overlay: choose 'ROIs from: Overlay'");
		}
		else {
			RoiManager rm = RoiManager.getRoiManager();
			boxes.forEach(b -> rm.add(image, rectangle(b), -1));
			rm.runCommand(image, "Show All");
		}
		return image;
	}

	private static Roi rectangle(Box box) {
		Roi roi = new Roi(box.x(), box.y(), box.width(), box.height());
		roi.setName(box.name());
		return roi;
	}

	/** The first {@code samples} folder beside the installed models. */
	static Optional<Path> samplesFolder() {
		return ModelLocator.roots().stream().map(root -> root.resolve("samples")).filter(Files::isDirectory).findFirst();
	}
}
