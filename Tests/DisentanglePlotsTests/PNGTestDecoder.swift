import CZlib
import Foundation

/// A minimal PNG reader for the tests: splits chunks, verifies every CRC with an independent bitwise CRC-32,
/// inflates the IDAT stream with zlib and undoes all five row filters.
struct DecodedPNG {
    struct Chunk {
        let type: String
        let data: [UInt8]
    }

    let chunks: [Chunk]
    let width: Int
    let height: Int
    let colorType: UInt8
    let filterTypes: [UInt8]
    let pixels: [UInt8]

    init(_ bytes: [UInt8]) throws {
        guard bytes.count >= 8, Array(bytes[0..<8]) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] else {
            throw DecodeError("bad signature")
        }
        var chunks = [Chunk]()
        var offset = 8
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { throw DecodeError("truncated chunk at \(offset)") }
            let length = Int(readUInt32(bytes, offset))
            guard offset + 12 + length <= bytes.count else { throw DecodeError("chunk overruns file") }
            let typeAndData = Array(bytes[(offset + 4)..<(offset + 8 + length)])
            let storedCRC = readUInt32(bytes, offset + 8 + length)
            guard bitwiseCRC32(typeAndData) == storedCRC else { throw DecodeError("CRC mismatch at \(offset)") }
            chunks.append(Chunk(type: String(decoding: typeAndData[0..<4], as: UTF8.self),
                                data: Array(typeAndData[4...])))
            offset += 12 + length
        }
        self.chunks = chunks
        guard chunks.first?.type == "IHDR", chunks.first?.data.count == 13 else { throw DecodeError("IHDR is not first") }
        guard chunks.last?.type == "IEND", chunks.last?.data.isEmpty == true else { throw DecodeError("IEND is not last") }
        let header = chunks[0].data
        width = Int(readUInt32(header, 0))
        height = Int(readUInt32(header, 4))
        guard header[8] == 8, header[10] == 0, header[11] == 0, header[12] == 0 else {
            throw DecodeError("unexpected bit depth, compression, filter or interlace")
        }
        colorType = header[9]
        let channels: Int
        switch colorType {
        case 0: channels = 1
        case 2: channels = 3
        default: throw DecodeError("unexpected colour type \(colorType)")
        }
        let idatIndices = chunks.indices.filter { chunks[$0].type == "IDAT" }
        guard let first = idatIndices.first, idatIndices == Array(first..<(first + idatIndices.count)) else {
            throw DecodeError("IDAT chunks missing or not consecutive")
        }
        let compressed = idatIndices.flatMap { chunks[$0].data }
        let rowBytes = width * channels
        let raw = try inflate(compressed, expectedCount: (rowBytes + 1) * height)
        var pixels = [UInt8](repeating: 0, count: rowBytes * height)
        var filterTypes = [UInt8]()
        for row in 0..<height {
            let filter = raw[row * (rowBytes + 1)]
            filterTypes.append(filter)
            for i in 0..<rowBytes {
                let x = raw[row * (rowBytes + 1) + 1 + i]
                let a = i >= channels ? pixels[row * rowBytes + i - channels] : 0
                let b = row > 0 ? pixels[(row - 1) * rowBytes + i] : 0
                let c = (row > 0 && i >= channels) ? pixels[(row - 1) * rowBytes + i - channels] : 0
                let predictor: UInt8
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = UInt8((Int(a) + Int(b)) / 2)
                case 4:
                    let p = Int(a) + Int(b) - Int(c)
                    let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
                    predictor = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c)
                default: throw DecodeError("bad filter type \(filter) in row \(row)")
                }
                pixels[row * rowBytes + i] = x &+ predictor
            }
        }
        self.filterTypes = filterTypes
        self.pixels = pixels
    }
}

struct DecodeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    (UInt32(bytes[offset]) << 24) | (UInt32(bytes[offset + 1]) << 16) | (UInt32(bytes[offset + 2]) << 8)
        | UInt32(bytes[offset + 3])
}

/// CRC-32 computed bit by bit (polynomial 0xEDB88320), independent of zlib's table-driven version.
func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xffff_ffff
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1
        }
    }
    return ~crc
}

/// Inflates a zlib stream that must decode to exactly `expectedCount` bytes.
func inflate(_ data: [UInt8], expectedCount: Int) throws -> [UInt8] {
    var output = [UInt8](repeating: 0, count: expectedCount)
    var length = uLong(expectedCount)
    let status = data.withUnsafeBufferPointer { source in
        output.withUnsafeMutableBufferPointer { destination in
            uncompress(destination.baseAddress, &length, source.baseAddress, uLong(source.count))
        }
    }
    guard status == Z_OK, Int(length) == expectedCount else {
        throw DecodeError("inflate failed: status \(status), \(length) of \(expectedCount) bytes")
    }
    return output
}
