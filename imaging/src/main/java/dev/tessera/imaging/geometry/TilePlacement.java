package dev.tessera.imaging.geometry;

/**
 * Where one tile sits in its frame.
 *
 * @param index row-major index: {@code row * columns + column}
 * @param column grid column
 * @param row grid row
 * @param inputX frame column of the input tile's first column (negative inside the left mirror)
 * @param inputY frame row of the input tile's first row
 * @param inputSize input tile side, a valid network input
 * @param owned the frame pixels this tile is responsible for; the tiles' owned regions
 *     partition the frame
 * @param ownedOffsetX column of {@code owned}'s first pixel inside the network output (0 on the
 *     aligned grid of {@link TilePlan}, where each output starts at its owned region)
 * @param ownedOffsetY row of {@code owned}'s first pixel inside the network output (0 likewise)
 */
public record TilePlacement(int index, int column, int row, int inputX, int inputY, int inputSize,
    Rect owned, int ownedOffsetX, int ownedOffsetY) {}
