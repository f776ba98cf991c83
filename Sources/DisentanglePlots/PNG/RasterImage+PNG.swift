import Foundation

extension RasterImage {
    /// The image as a PNG file. Throws ``PlotError`` if the compression setting is invalid or zlib fails.
    public func pngData(compression: PNGCompression = .standard) throws -> Data {
        Data(try PNGEncoder.encode(self, compression: compression))
    }

    /// Writes the image as a PNG file to `url` atomically (temporary file, then rename). Throws ``PlotError``
    /// if encoding or writing fails.
    public func writePNG(to url: URL, compression: PNGCompression = .standard) throws {
        try writeAtomically(try pngData(compression: compression), to: url)
    }
}
