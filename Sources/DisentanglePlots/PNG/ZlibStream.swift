import CZlib

/// zlib-format streams (RFC 1950) for PNG image data, and the CRC-32 PNG chunks carry.
enum ZlibStream {
    /// `data` compressed with zlib's deflate at `level` (0...9). Throws ``PlotError`` if zlib fails.
    static func deflate(_ data: [UInt8], level: Int) throws -> [UInt8] {
        var capacity = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = data.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                compress2(destination.baseAddress, &capacity, source.baseAddress, uLong(source.count), Int32(level))
            }
        }
        guard status == Z_OK else { throw PlotError("PNGEncoder: zlib compress2 failed with status \(status)") }
        output.removeSubrange(Int(capacity)...)
        return output
    }

    /// `data` wrapped in a zlib stream of uncompressed ("stored") deflate blocks of at most 65,535 bytes,
    /// followed by its Adler-32 checksum.
    static func stored(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [0x78, 0x01]
        let blockSize = 65_535
        var start = 0
        repeat {
            let end = min(start + blockSize, data.count)
            let length = UInt16(end - start)
            output.append(end == data.count ? 1 : 0)
            output += [UInt8(length & 0xff), UInt8(length >> 8), UInt8(~length & 0xff), UInt8(~length >> 8)]
            output += data[start..<end]
            start = end
        } while start < data.count
        let checksum = adler32(data)
        output += [24, 16, 8, 0].map { UInt8((checksum >> UInt32($0)) & 0xff) }
        return output
    }

    /// The Adler-32 checksum of `data` (RFC 1950, section 8).
    static func adler32(_ data: [UInt8]) -> UInt32 {
        let modulus: UInt32 = 65_521
        var a: UInt32 = 1, b: UInt32 = 0
        var index = 0
        while index < data.count {
            let end = min(index + 5_552, data.count)
            for byte in data[index..<end] {
                a += UInt32(byte)
                b += a
            }
            a %= modulus
            b %= modulus
            index = end
        }
        return (b << 16) | a
    }
}
