package sc.fiji.deepmac.box;

/**
 * A box prompt in image pixels: {@code [x, x + width) x [y, y + height)}, with the hyperstack position it acts
 * on. A position of 0 means "every": a box with {@code slice == 0} acts on every z-slice, and so on. The
 * channel is kept for the user's records only: masks are computed per (slice, frame) plane.
 *
 * @param name the name that the mask ROI and the table row carry
 */
public record Box(String name, double x, double y, double width, double height, int channel, int slice, int frame) {

	/** A box that acts on every plane. */
	public static Box of(String name, double x, double y, double width, double height) {
		return new Box(name, x, y, width, height, 0, 0, 0);
	}

	/** Whether this box acts on the plane at {@code (slice, frame)}, both 1-based. */
	public boolean actsOn(int planeSlice, int planeFrame) {
		return (slice == 0 || slice == planeSlice) && (frame == 0 || frame == planeFrame);
	}

	public Box withBounds(double newX, double newY, double newWidth, double newHeight) {
		return new Box(name, newX, newY, newWidth, newHeight, channel, slice, frame);
	}
}
