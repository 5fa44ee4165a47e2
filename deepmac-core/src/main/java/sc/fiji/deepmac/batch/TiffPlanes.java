package sc.fiji.deepmac.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.VirtualStack;
import ij.io.FileInfo;
import ij.io.FileOpener;
import ij.io.TiffDecoder;
import ij.process.ImageProcessor;

/**
 * A TIFF stack read one slice at a time, for workers that each segment some (z, t) planes of a large stack (the Spark
 * job) and should read those planes only. {@link #image()} has the shape, title, calibration and channel colours that
 * {@link ImageFiles#open} gives the same file, over a virtual stack: a slice's pixels are read when the pipeline asks
 * for them, by ImageJ's own reader on the slice's part of the file (a {@link FileOpener} on the slice's
 * {@link FileInfo}, as {@code Opener.openTiff(path, n)} opens the n-th image).
 * <p>
 * Only stacks that ImageJ's Opener opens as a plain stack of equal slices qualify: one image file directory with
 * several uncompressed images (ImageJ's own stacks), or several directories of the same size and type. Anything else
 * (one plane, 12-bit or 1-bit pixels, channels stored as samples, zct order, RGB48, ...) gives an empty {@link #read}:
 * open such a file whole.
 */
public final class TiffPlanes {

	/** Where a TIFF's bytes come from: a local file, or any file system that opens a stream at an offset. */
	public interface Source {

		/** The file's name; ImageJ titles the image after it. */
		String name();

		/** The file as messages name it. */
		String path();

		long length() throws IOException;

		/** A new stream of the file's bytes from {@code offset} on; skipping in it should seek, not read. */
		InputStream open(long offset) throws IOException;

		/**
		 * The file on this machine, or null: the header is then read from {@link #open}'s stream, which ImageJ keeps in
		 * memory up to the last image file directory (little for ImageJ's stacks, whose one directory comes first).
		 */
		default Path file() {
			return null;
		}
	}

	/** A local file as a source. */
	public static Source source(Path file) {
		return new Source() {
			@Override
			public String name() {
				return file.getFileName().toString();
			}

			@Override
			public String path() {
				return file.toString();
			}

			@Override
			public long length() throws IOException {
				return Files.size(file);
			}

			@Override
			public InputStream open(long offset) throws IOException {
				InputStream in = Files.newInputStream(file);
				in.skipNBytes(offset);
				return in;
			}

			@Override
			public Path file() {
				return file;
			}
		};
	}

	/** ImageJ's pixel types that its stack readers read slice by slice alike (not 12-, 10- or 1-bit, not RGB48). */
	private static final int[] PLAIN_TYPES = { FileInfo.GRAY8, FileInfo.COLOR8, FileInfo.GRAY16_SIGNED,
		FileInfo.GRAY16_UNSIGNED, FileInfo.GRAY32_INT, FileInfo.GRAY32_UNSIGNED, FileInfo.GRAY32_FLOAT,
		FileInfo.GRAY24_UNSIGNED, FileInfo.GRAY64_FLOAT, FileInfo.RGB, FileInfo.BGR, FileInfo.ARGB, FileInfo.ABGR,
		FileInfo.BARG, FileInfo.RGB_PLANAR, FileInfo.CMYK };

	private final Source source;
	/** One per slice: where its pixels lie, offsets counted from {@link #starts}. */
	private final FileInfo[] slices;
	private final long[] starts;
	/** Whether ImageJ's Opener makes a multichannel stack of this layout a CompositeImage (see {@link #image()}). */
	private final boolean mayBeComposite;
	/** The description's properties, null for a TIFF that ImageJ did not write. */
	private final Properties description;
	/** {channels, slices, frames} as the description declares them, null when it declares none that fit. */
	private final int[] shape;

	private TiffPlanes(Source source, FileInfo[] slices, long[] starts, boolean mayBeComposite) {
		this.source = source;
		this.slices = slices;
		this.starts = starts;
		this.mayBeComposite = mayBeComposite;
		FileInfo copy = (FileInfo) slices[0].clone();
		this.description = new FileOpener(copy).decodeDescriptionString(copy);
		this.shape = shape(description, slices.length);
	}

	/**
	 * The stack's layout from its header, after the checks of {@link ImageFiles#open} (declared size, pixel data within
	 * the file); empty when the file is not a TIFF stack that qualifies (see the class comment).
	 *
	 * @throws ImageInputException as {@link ImageFiles#open} would throw it for a TIFF that is too large or truncated
	 */
	public static Optional<TiffPlanes> read(Source source, long maxPixels) throws IOException {
		String name = source.name().toLowerCase(Locale.ROOT);
		// Opener.openTiff2 makes a 32-bit image titled "FFT of ..." a power spectrum
		if (!(name.endsWith(".tif") || name.endsWith(".tiff")) || name.startsWith("fft of") || !startsAsTiff(source))
			return Optional.empty();
		FileInfo[] info = header(source);
		ImageFiles.checkTiff(source.path(), info, source.length(), maxPixels);
		FileInfo first = info[0];
		if (!plain(first) || first.description != null && first.description.contains("order=zct")) return Optional.empty();
		if (info.length == 1) {
			if (first.nImages < 2 || !uncompressedOneStrip(first)) return Optional.empty();
			return Optional.of(contiguous(source, first, first.nImages, true));
		}
		boolean sameSlices = Arrays.stream(info).allMatch(i -> i.fileType == first.fileType && i.width == first.width
			&& i.height == first.height && i.nImages <= 1 && plain(i));
		if (!sameSlices) return Optional.empty();
		// Opener.allSameSizeAndType: directories whose images follow each other are read as one contiguous stack, and
		// then not made a CompositeImage
		long size = (long) first.width * first.height * first.getBytesPerPixel();
		boolean contiguous = true;
		for (int i = 1; i < info.length; i++)
			contiguous &= info[i].getOffset() == first.getOffset() + i * size;
		if (contiguous) return uncompressedOneStrip(first) ? Optional.of(contiguous(source, first, info.length, false))
			: Optional.empty();
		FileInfo[] slices = new FileInfo[info.length];
		long[] starts = new long[info.length];
		for (int i = 0; i < info.length; i++) {
			// as Opener.openTiff(path, n): the first directory's description, the n-th one's pixel data
			FileInfo slice = (FileInfo) first.clone();
			slice.nImages = 1;
			slice.longOffset = info[i].getOffset();
			slice.offset = 0;
			slice.stripOffsets = info[i].stripOffsets;
			slice.stripLengths = info[i].stripLengths;
			starts[i] = rebase(slice);
			slices[i] = slice;
		}
		return Optional.of(new TiffPlanes(source, slices, starts, true));
	}

	/** {@code n} images one after the other from the first one's offset, as ImageJ's FileOpener reads a stack. */
	private static TiffPlanes contiguous(Source source, FileInfo first, int n, boolean mayBeComposite) {
		long size = (long) first.width * first.height * first.getBytesPerPixel();
		FileInfo[] slices = new FileInfo[n];
		long[] starts = new long[n];
		for (int i = 0; i < n; i++) {
			FileInfo slice = (FileInfo) first.clone();
			slice.nImages = 1;
			// one strip at most (checked): its offset is not read for uncompressed pixels
			slice.stripOffsets = null;
			slice.stripLengths = null;
			starts[i] = first.getOffset() + i * (size + first.getGap());
			slice.longOffset = 0;
			slice.offset = 0;
			slices[i] = slice;
		}
		return new TiffPlanes(source, slices, starts, mayBeComposite);
	}

	/** Moves a slice's offsets to count from its first byte, which the stream of {@link #read} starts at. */
	private static long rebase(FileInfo slice) {
		long start = slice.getOffset();
		if (slice.stripOffsets != null)
			for (int offset : slice.stripOffsets) start = Math.min(start, Integer.toUnsignedLong(offset));
		slice.longOffset = slice.getOffset() - start;
		if (slice.stripOffsets != null) {
			int[] rebased = slice.stripOffsets.clone();
			for (int s = 0; s < rebased.length; s++) rebased[s] = (int) (Integer.toUnsignedLong(rebased[s]) - start);
			slice.stripOffsets = rebased;
		}
		return start;
	}

	private static boolean plain(FileInfo info) {
		boolean packedChannels = info.samplesPerPixel > 1 && !(info.getBytesPerPixel() == 3 || info.getBytesPerPixel() == 4);
		return !packedChannels && Arrays.stream(PLAIN_TYPES).anyMatch(t -> t == info.fileType);
	}

	private static boolean uncompressedOneStrip(FileInfo info) {
		return info.compression == FileInfo.COMPRESSION_NONE && (info.stripOffsets == null || info.stripOffsets.length <= 1);
	}

	/** The signature ImageJ's Opener.getFileType takes for a TIFF (and not a TIFF with DICOM, which it reads as DICOM). */
	private static boolean startsAsTiff(Source source) throws IOException {
		byte[] head = new byte[132];
		try (InputStream in = source.open(0)) {
			in.readNBytes(head, 0, head.length);
		}
		boolean intel = head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0;
		boolean motorola = head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42;
		boolean dicom = head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
		return (intel || motorola) && !dicom;
	}

	private static FileInfo[] header(Source source) throws IOException {
		Path file = source.file();
		if (file != null) {
			Path absolute = file.toAbsolutePath();
			return new TiffDecoder(absolute.getParent().toString() + "/", absolute.getFileName().toString()).getTiffInfo();
		}
		FileInfo[] info = new TiffDecoder(source.open(0), source.name()).getTiffInfo();
		if (info != null && info[0].inputStream != null) {
			// the decoder hands on its stream (with its memory cache); each slice opens its own
			info[0].inputStream.close();
			info[0].inputStream = null;
		}
		return info;
	}

	/** {channels, slices, frames} as FileOpener.setCalibration takes them from a description: when they make n images. */
	private static int[] shape(Properties props, int n) {
		if (props == null) return null;
		int c = dimension(props, "channels"), z = dimension(props, "slices"), t = dimension(props, "frames");
		return (long) c * z * t == n ? new int[] { c, z, t } : null;
	}

	/** As FileOpener.setCalibration reads it: absent or 0 is 1. */
	private static int dimension(Properties props, String key) {
		try {
			int value = (int) Double.parseDouble(props.getProperty(key, "0"));
			return value == 0 ? 1 : value;
		}
		catch (NumberFormatException e) {
			return 1;
		}
	}

	/** The number of (z, t) planes: slices x frames. */
	public int planes() {
		return slices.length / channels();
	}

	/** The number of channels of each plane. */
	public int channels() {
		return shape == null ? 1 : shape[0];
	}

	/**
	 * The stack as {@link ImageFiles#open} shapes it, its pixels read slice by slice when asked for. Making it reads the
	 * first slice (ImageJ's reader sets the title and calibration from it, and an image shows its first slice).
	 *
	 * @throws ImageInputException when the first slice cannot be decoded (later slices: when they are read)
	 * @throws UncheckedIOException when the file system fails
	 */
	public ImagePlus image() {
		// the title and calibration as FileOpener sets them on an image of this file
		ImagePlus one = new FileOpener(reading(1)).openImage();
		if (one == null) throw unreadable(1);
		FileInfo info = one.getOriginalFileInfo();
		info.inputStream = null;
		ImagePlus image = new ImagePlus(one.getTitle(), new Slices(one.getBitDepth()));
		image.setFileInfo(info);
		image.setCalibration(one.getCalibration());
		// the dimensions and the hyperstack mark as FileOpener.setCalibration sets them on the whole stack
		if (shape != null) {
			image.setDimensions(shape[0], shape[1], shape[2]);
			if ("true".equals(description.getProperty("hyperstack"))) image.setOpenAsHyperStack(true);
		}
		return mayBeComposite ? composite(image, slices[0].description) : image;
	}

	/** Opener.makeComposite: several channels, marked as a hyperstack or with a display mode, become a CompositeImage. */
	private static ImagePlus composite(ImagePlus image, String description) {
		boolean moded = description != null && description.contains("mode=");
		if (image.getNChannels() < 2 || !(image.getOpenAsHyperStack() || moded) || image.isComposite()
			|| image.getType() == ImagePlus.COLOR_RGB) return image;
		int mode = IJ.COLOR;
		if (description != null) {
			if (description.contains("mode=composite")) mode = IJ.COMPOSITE;
			else if (description.contains("mode=gray")) mode = IJ.GRAYSCALE;
		}
		return new CompositeImage(image, mode);
	}

	/** Slice {@code n} (1-based) as FileOpener reads it: from a stream that starts at its first byte. */
	private FileInfo reading(int n) {
		FileInfo slice = (FileInfo) slices[n - 1].clone();
		try {
			slice.inputStream = source.open(starts[n - 1]);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read slice " + n + " of image " + source.path() + ": " + e.getMessage(), e);
		}
		return slice;
	}

	private ImageProcessor read(int n) {
		// FileOpener closes the stream
		ImageProcessor ip = new FileOpener(reading(n)).openProcessor();
		if (ip == null) throw unreadable(n);
		return ip;
	}

	private ImageInputException unreadable(int n) {
		return new ImageInputException("Cannot read slice " + n + " of image " + source.path()
			+ ": it is corrupt or its file system failed");
	}

	/** The slices, read when asked for; none is kept. */
	private final class Slices extends VirtualStack {

		Slices(int bitDepth) {
			super(TiffPlanes.this.slices[0].width, TiffPlanes.this.slices[0].height);
			setBitDepth(bitDepth);
		}

		@Override
		public ImageProcessor getProcessor(int n) {
			if (n < 1 || n > getSize()) throw new IllegalArgumentException("Slice " + n + " is outside 1.." + getSize());
			return read(n);
		}

		@Override
		public int getSize() {
			return TiffPlanes.this.slices.length;
		}

		@Override
		public String getSliceLabel(int n) {
			return null;
		}
	}
}
