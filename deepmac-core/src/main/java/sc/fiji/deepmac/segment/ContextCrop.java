package sc.fiji.deepmac.segment;

/**
 * A rectangle of the plane given to the model in one call, with the plane-local indices of the boxes that it
 * segments.
 */
public record ContextCrop(int x, int y, int width, int height, int[] boxes) {}
