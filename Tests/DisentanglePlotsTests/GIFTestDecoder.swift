import Foundation

/// A minimal GIF reader for the tests, written from the GIF89a specification independently of the library's
/// encoder: reads the global and local colour tables, the loop count, each frame's delay and position, and
/// decompresses LZW with the decoder's own code-width rule. Frames are composed onto the logical screen (what a
/// viewer shows when frames are not disposed). Checked against a Pillow-made fixture.
struct DecodedGIF {
    struct Frame {
        /// Hundredths of a second.
        let delay: Int
        /// The screen after this frame, `width * height` RGB triples row by row.
        let rgb: [UInt8]
    }

    let width: Int
    let height: Int
    let loopCount: Int?
    let frames: [Frame]

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        var position = 0
        func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard position + count <= bytes.count else { throw Malformed(description: "truncated at byte \(position)") }
            defer { position += count }
            return bytes[position..<(position + count)]
        }
        func byte() throws -> Int { Int(try take(1).first!) }
        func uint16() throws -> Int { let b = try take(2); return Int(b[b.startIndex]) | Int(b[b.startIndex + 1]) << 8 }
        func colorTable(_ packed: Int) throws -> [UInt8] { Array(try take(3 * (1 << ((packed & 7) + 1)))) }
        func subBlocks() throws -> [UInt8] {
            var result: [UInt8] = []
            while true {
                let length = try byte()
                if length == 0 { return result }
                result += try take(length)
            }
        }

        guard String(decoding: try take(6), as: UTF8.self) == "GIF89a" else { throw Malformed(description: "not GIF89a") }
        width = try uint16()
        height = try uint16()
        let screenPacked = try byte()
        _ = try take(2)
        let globalTable = screenPacked & 0x80 != 0 ? try colorTable(screenPacked) : nil
        var canvas = [UInt8](repeating: 0, count: width * height * 3)
        var frames: [Frame] = []
        var delay = 0
        var loopCount: Int?
        while true {
            switch try byte() {
            case 0x21:
                let label = try byte()
                let body = try subBlocks()
                if label == 0xF9, body.count == 4 { delay = Int(body[1]) | Int(body[2]) << 8 }
                if label == 0xFF, body.count == 14, String(decoding: body[0..<11], as: UTF8.self) == "NETSCAPE2.0" {
                    loopCount = Int(body[12]) | Int(body[13]) << 8
                }
            case 0x2C:
                let (left, top, w, h) = (try uint16(), try uint16(), try uint16(), try uint16())
                let packed = try byte()
                guard packed & 0x40 == 0 else { throw Malformed(description: "interlaced frames are not supported") }
                let table = packed & 0x80 != 0 ? try colorTable(packed) : globalTable
                guard let table else { throw Malformed(description: "a frame without a colour table") }
                let minimumCodeSize = try byte()
                let indices = try Self.decompress(try subBlocks(), minimumCodeSize: minimumCodeSize, count: w * h)
                for y in 0..<h {
                    for x in 0..<w where left + x < width && top + y < height {
                        let index = Int(indices[y * w + x])
                        guard 3 * index + 2 < table.count else { throw Malformed(description: "index \(index) outside the table") }
                        let offset = ((top + y) * width + left + x) * 3
                        canvas[offset] = table[3 * index]
                        canvas[offset + 1] = table[3 * index + 1]
                        canvas[offset + 2] = table[3 * index + 2]
                    }
                }
                frames.append(Frame(delay: delay, rgb: canvas))
            case 0x3B:
                self.loopCount = loopCount
                self.frames = frames
                return
            case let other:
                throw Malformed(description: "unexpected block 0x\(String(other, radix: 16)) at byte \(position - 1)")
            }
        }
    }

    /// LZW decompression: the table grows by one entry per code read (after the first following a clear), and the
    /// code width grows when the next entry's number no longer fits.
    static func decompress(_ data: [UInt8], minimumCodeSize: Int, count: Int) throws -> [UInt8] {
        let clear = 1 << minimumCodeSize, end = clear + 1
        var table: [[UInt8]] = (0..<clear).map { [UInt8($0)] } + [[], []]
        var width = minimumCodeSize + 1
        var bitPosition = 0
        var previous: [UInt8]?
        var output: [UInt8] = []
        while true {
            guard bitPosition + width <= data.count * 8 else { throw Malformed(description: "LZW data ends without an end code") }
            var code = 0
            for bit in 0..<width where data[(bitPosition + bit) / 8] & (1 << ((bitPosition + bit) % 8)) != 0 {
                code |= 1 << bit
            }
            bitPosition += width
            if code == clear {
                table.removeSubrange((end + 1)...)
                width = minimumCodeSize + 1
                previous = nil
                continue
            }
            if code == end { break }
            let entry: [UInt8]
            if code < table.count {
                entry = table[code]
                if let previous, table.count < 4096 { table.append(previous + [entry[0]]) }
            } else if code == table.count, let previous {
                entry = previous + [previous[0]]
                table.append(entry)
            } else {
                throw Malformed(description: "LZW code \(code) beyond the table's \(table.count) entries")
            }
            output += entry
            previous = entry
            if table.count == (1 << width) && width < 12 { width += 1 }
        }
        guard output.count == count else { throw Malformed(description: "LZW gave \(output.count) indices, expected \(count)") }
        return output
    }
}
