import CZlib
/// Encodes ``RasterImage``s as PNG files: 8-bit grayscale (colour type 0) or 8-bit RGB (colour type 2),
/// non-interlaced, with the image data in IDAT chunks of at most 256 KiB.
public enum PNGEncoder {
    /// The eight bytes every PNG file starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

    /// The PNG file for `image`. Throws ``PlotError`` if the deflate level is not in `1...9` or zlib fails.
    public static func encode(_ image: RasterImage, compression: PNGCompression = .standard) throws -> [UInt8] {
        let bytesPerPixel = image.format.channelCount
        let rowBytes = image.width * bytesPerPixel
        let zlibData: [UInt8]
        switch compression {
        case .stored:
            var rows = [UInt8]()
            rows.reserveCapacity((rowBytes + 1) * image.height)
            for row in 0..<image.height {
                rows.append(PNGRowFilter.none.rawValue)
                rows += image.pixels[(row * rowBytes)..<((row + 1) * rowBytes)]
            }
            zlibData = ZlibStream.stored(rows)
        case .deflate(let level):
            guard (1...9).contains(level) else {
                throw PlotError("PNGEncoder: deflate level must be in 1...9, got \(level) (use .stored for no compression)")
            }
            let rows = adaptivelyFiltered(image.pixels, rowBytes: rowBytes, height: image.height, bytesPerPixel: bytesPerPixel)
            zlibData = try ZlibStream.deflate(rows, level: level)
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

    /// The rows of `pixels`, each preceded by its filter type and filtered with the filter chosen by
    /// ``PNGRowFilter/appendAdaptive(row:previous:bytesPerPixel:scratch:to:)``.
    private static func adaptivelyFiltered(_ pixels: [UInt8], rowBytes: Int, height: Int, bytesPerPixel: Int) -> [UInt8] {
        var filtered = [UInt8]()
        filtered.reserveCapacity((rowBytes + 1) * height)
        var scratch = [UInt8](repeating: 0, count: rowBytes)
        let zeros = [UInt8](repeating: 0, count: rowBytes)
        pixels.withUnsafeBufferPointer { all in
            zeros.withUnsafeBufferPointer { zeros in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    for row in 0..<height {
                        let current = UnsafeBufferPointer(rebasing: all[(row * rowBytes)..<((row + 1) * rowBytes)])
                        let previous = row == 0 ? zeros
                            : UnsafeBufferPointer(rebasing: all[((row - 1) * rowBytes)..<(row * rowBytes)])
                        PNGRowFilter.appendAdaptive(row: current, previous: previous, bytesPerPixel: bytesPerPixel,
                                                    scratch: scratch, to: &filtered)
                    }
                }
            }
        }
        return filtered
    }

    /// Appends a chunk: length, type, data, and the CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        let typeAndData = Array(type.utf8) + data
        file += bigEndian(UInt32(data.count))
        file += typeAndData
        file += bigEndian(typeAndData.withUnsafeBytes { disentangle_crc32(0, $0.baseAddress, $0.count) })
    }

    /// The four bytes of `value`, most significant first.
    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8((value >> UInt32($0)) & 0xff) }
    }
}
