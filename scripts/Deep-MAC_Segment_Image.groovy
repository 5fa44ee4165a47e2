#@ net.imglib2.RandomAccessibleInterval (label = "Image") image
#@ String (label = "Axes (empty: the image's own)", value = "", required = false) axes
#@ File (label = "Boxes file (CSV, .roi or RoiSet .zip)", style = "extensions:csv/roi/zip") boxes
#@ String (label = "Model (installed name or folder)", value = "", required = false) model
#@ String (label = "Device", choices = {"auto", "cpu", "gpu"}, value = "auto") device
#@ Double (label = "Threshold", value = 0.5, min = 0, max = 0.99, stepSize = 0.05) threshold
#@ CommandService commands
#@output net.imglib2.img.Img labels
#@output String table

// Deep-MAC on an ImgLib2 image (in Fiji: the active image, as a Dataset) with the boxes of a file: the label image
// (label k = box k) and the instance table as CSV text. The command behind it is sc.fiji.deepmac.plugin.SegmentImageCommand.
def module = commands.run(sc.fiji.deepmac.plugin.SegmentImageCommand, true,
	"image", image, "axes", axes ?: "", "boxes", boxes, "model", model ?: "", "device", device,
	"threshold", threshold).get()
if (module.isCanceled()) throw new IllegalArgumentException(module.getCancelReason())
labels = module.getOutput("labels")
table = module.getOutput("table")
