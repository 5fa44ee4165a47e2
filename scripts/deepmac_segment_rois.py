#@ ij.ImagePlus (label = "Image") imp
#@ String (label = "Model (installed name or folder)", value = "", required = false) model
#@ String (label = "Device", choices = {"auto", "cpu", "gpu"}, value = "auto") device
#@ Double (label = "Threshold", value = 0.5, min = 0, max = 0.99, stepSize = 0.05) threshold
#@ String (label = "ROIs from", choices = {"ROI Manager", "Overlay", "RoiSet file"}, value = "ROI Manager") roi_source
#@ String (label = "RoiSet file (.zip or .roi path)", required = false, value = "") roi_file
#@ CommandService commands
#@output ij.ImagePlus labels

# A path as text, not a File: SciJava shows a file chooser for a single unset File input, and cancels the script
# without a word where there is none to show (headless, or called with the other inputs).

# Deep-MAC from Jython: the same as Deep-MAC_Segment_ROIs.groovy. Segments the rectangles of the ROI Manager (or the
# image's overlay, or a RoiSet file) with the Deep-MAC SciJava command; the label image is this script's output.

from java.util import HashMap
from sc.fiji.deepmac.plugin import SegmentRoisCommand

inputs = HashMap()
inputs.put("image", imp)
inputs.put("model", model or "")
inputs.put("device", device)
inputs.put("threshold", threshold)
inputs.put("roiSource", roi_source)
inputs.put("roiFile", roi_file or "")
module = commands.run(SegmentRoisCommand, False, inputs).get()
if module.isCanceled():
	raise Exception("Deep-MAC: " + str(module.getCancelReason()))
labels = module.getOutput("labels")
print("Deep-MAC: " + labels.getTitle())
