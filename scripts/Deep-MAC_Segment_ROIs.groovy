#@ ij.ImagePlus (label = "Image") imp
#@ String (label = "Model (installed name or folder)", value = "", required = false) model
#@ String (label = "Device", choices = {"auto", "cpu", "gpu"}, value = "auto") device
#@ Double (label = "Threshold", value = 0.5, min = 0, max = 0.99, stepSize = 0.05) threshold
#@ String (label = "ROIs from", choices = {"ROI Manager", "Overlay", "RoiSet file"}, value = "ROI Manager") roiSource
#@ String (label = "RoiSet file (.zip or .roi path)", required = false, value = "") roiFile
#@ CommandService commands
#@output ij.ImagePlus labels

// A path as text, not a File: SciJava shows a file chooser for a single unset File input, and cancels the script
// without a word where there is none to show (headless, or called with the other inputs).

// Deep-MAC from Groovy: segments the rectangles of the ROI Manager (or the image's overlay, or a RoiSet file) of an
// image with the Deep-MAC SciJava command. Open it in Fiji's script editor and press Run, or call it from another
// script. The mask ROIs go to the ROI Manager (headless: onto the label image's overlay), the measurements to the
// Results table, and the label image is this script's output.

import sc.fiji.deepmac.plugin.SegmentRoisCommand

def module = commands.run(SegmentRoisCommand, false, [
	image     : imp,
	model     : model ?: "",
	device    : device,
	threshold : threshold,
	roiSource : roiSource,
	roiFile   : roiFile ?: ""
]).get()
if (module.isCanceled()) throw new IllegalStateException("Deep-MAC: " + module.getCancelReason())
labels = module.getOutput("labels")
