/// How ``PNGEncoder`` compresses the image data.
public enum PNGCompression: Equatable, Sendable {
    /// Uncompressed deflate ("stored") blocks and unfiltered rows: larger files, trivially decodable, no use
    /// of the zlib compressor.
    case stored
    /// zlib deflate at `level` (1 = fastest ... 9 = smallest) with the adaptive row filter heuristic of
    /// libpng (per row, the filter with the smallest sum of absolute differences).
    case deflate(level: Int)

    /// Deflate at level 6, zlib's default balance of speed and size.
    public static let standard = PNGCompression.deflate(level: 6)
}
