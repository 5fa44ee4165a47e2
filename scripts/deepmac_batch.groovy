#@ File (label = "Folder of images and RoiSets", style = "directory") inputDir
#@ File (label = "Output folder", style = "directory") outputDir
#@ String (label = "Model (installed name or folder)", value = "", required = false) model
#@ String (label = "Device", choices = {"auto", "cpu", "gpu"}, value = "auto") device
#@ Double (label = "Threshold", value = 0.5, min = 0, max = 0.99, stepSize = 0.05) threshold
#@ Boolean (label = "Redo images whose outputs are complete", value = false) overwrite
#@ sc.fiji.deepmac.plugin.DeepMacService deepmac
#@output Integer segmented
#@output Integer failed

// Deep-MAC over a folder, headless or not: every image with a RoiSet beside it (<stem>.zip, <stem>.roi, or a
// <stem>.csv of boxes) gets <stem>_labels.tif, <stem>_rois.zip and <stem>_instances.csv in the output folder, each
// written atomically. Images whose outputs are complete are skipped, so a stopped batch resumes where it stopped.
//
// Headless, from the Fiji.app folder (one line):
//   ./ImageJ-linux64 --headless --console --run /path/to/deepmac_batch.groovy \
//     'inputDir="/data/images",outputDir="/data/masks",model="/models/deepmac_1024x1024_coco17",device="cpu"'
// (newer Fiji launchers: ./fiji --headless --run ... with the same arguments; on macOS Contents/MacOS/ImageJ-macosx.)

import java.nio.file.Files
import sc.fiji.deepmac.batch.BatchRunner
import sc.fiji.deepmac.batch.FileSegmentation
import sc.fiji.deepmac.engine.ComputeDevice
import sc.fiji.deepmac.segment.DeepMacSegmenter
import sc.fiji.deepmac.segment.SegmentationOptions

Files.createDirectories(outputDir.toPath())
def options = SegmentationOptions.defaults().withThreshold(threshold as float)
// the model is loaded (or taken from the service's cache) once the first image and its ROIs have been read
def segmenter = { -> new DeepMacSegmenter(deepmac.model(model ?: "", ComputeDevice.parse(device)), options) }
def runner = new BatchRunner(new FileSegmentation(segmenter), overwrite, System.out, BatchRunner.Progress.NONE)
def summary = runner.run(inputDir.toPath(), outputDir.toPath())
segmented = summary.done().size()
failed = summary.failures().size()
