/// Encodes ``RasterImage``s as PNG files: 8-bit grayscale (colour type 0) or 8-bit RGB (colour type 2),
/// non-interlaced, with the image data in IDAT chunks of at most 256 KiB.
public enum PNGEncoder {
    /// The eight bytes every PNG file starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

    /// The PNG file for `image`. Throws ``PlotError`` if the deflate level is not in `1...9` or zlib fails.
    public static func encode(_ image: RasterImage, compression: PNGCompression = .standard) throws -> [UInt8] {
        let bytesPerPixel = image.format.channelCount
        let rowBytes = image.width * bytesPerPixel
        var filtered = [UInt8]()
        filtered.reserveCapacity((rowBytes + 1) * image.height)
        let pixels = image.pixels
        let zlibData: [UInt8]
        switch compression {
        case .stored:
            for row in 0..<image.height {
                filtered.append(PNGRowFilter.none.rawValue)
                filtered += pixels[(row * rowBytes)..<((row + 1) * rowBytes)]
            }
            zlibData = ZlibStream.stored(filtered)
        case .deflate(let level):
            guard (1...9).contains(level) else {
                throw PlotError("PNGEncoder: deflate level must be in 1...9, got \(level) (use .stored for no compression)")
            }
            for row in 0..<image.height {
                let current = pixels[(row * rowBytes)..<((row + 1) * rowBytes)]
                let previous = row == 0 ? nil : pixels[((row - 1) * rowBytes)..<(row * rowBytes)]
                filtered += PNGRowFilter.adaptive(row: current, previous: previous, bytesPerPixel: bytesPerPixel)
            }
            zlibData = try ZlibStream.deflate(filtered, level: level)
        }

        var header = [UInt8]()
        header += bigEndian(UInt32(image.width))
        header += bigEndian(UInt32(image.height))
        header += [8, image.format == .grayscale ? 0 : 2, 0, 0, 0]  // depth, colour type, compression, filter, interlace

        var file = signature
        appendChunk("IHDR", header, to: &file)
        let chunkSize = 262_144
        var start = 0
        repeat {
            let end = min(start + chunkSize, zlibData.count)
            appendChunk("IDAT", Array(zlibData[start..<end]), to: &file)
            start = end
        } while start < zlibData.count
        appendChunk("IEND", [], to: &file)
        return file
    }

    /// Appends a chunk: length, type, data, and the CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        let typeAndData = Array(type.utf8) + data
        file += bigEndian(UInt32(data.count))
        file += typeAndData
        file += bigEndian(ZlibStream.crc32(typeAndData))
    }

    /// The four bytes of `value`, most significant first.
    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8((value >> UInt32($0)) & 0xff) }
    }
}
