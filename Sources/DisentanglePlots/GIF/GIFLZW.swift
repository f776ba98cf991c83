/// GIF's variant of LZW compression: variable-width codes (from `minimumCodeSize + 1` up to 12 bits) packed
/// least-significant bit first, a clear code at the start and whenever the table is full, an end code at the end.
enum GIFLZW {
    /// The largest code GIF allows (12 bits).
    private static let maximumCode = 4095

    /// The compressed bytes of `indices` (each below `1 << minimumCodeSize`), before splitting into sub-blocks.
    static func compress(_ indices: [UInt8], minimumCodeSize: Int) -> [UInt8] {
        let clear = 1 << minimumCodeSize
        let end = clear + 1
        var output = BitWriter()
        var codeSize = minimumCodeSize + 1
        var nextCode = end + 1
        // The table: (prefix code << 8 | next index) -> code.
        var table: [Int: Int] = [:]

        /// Writes a code, then widens the codes once the decoder's table (which grows by one entry per code it
        /// reads) needs another bit.
        func emit(_ code: Int) {
            output.write(code, bits: codeSize)
            if nextCode >= (1 << codeSize) && codeSize < 12 { codeSize += 1 }
        }

        output.write(clear, bits: codeSize)
        guard var prefix = indices.first.map(Int.init) else {
            output.write(end, bits: codeSize)
            return output.bytes()
        }
        for index in indices.dropFirst() {
            let key = prefix << 8 | Int(index)
            if let code = table[key] {
                prefix = code
                continue
            }
            emit(prefix)
            if nextCode >= maximumCode {
                output.write(clear, bits: codeSize)
                table.removeAll(keepingCapacity: true)
                codeSize = minimumCodeSize + 1
                nextCode = end + 1
            } else {
                table[key] = nextCode
                nextCode += 1
            }
            prefix = Int(index)
        }
        emit(prefix)
        output.write(end, bits: codeSize)
        return output.bytes()
    }

    /// Packs codes of varying width into bytes, least-significant bit first.
    private struct BitWriter {
        private var buffer: [UInt8] = []
        private var accumulator = 0
        private var count = 0

        mutating func write(_ code: Int, bits: Int) {
            accumulator |= code << count
            count += bits
            while count >= 8 {
                buffer.append(UInt8(accumulator & 0xFF))
                accumulator >>= 8
                count -= 8
            }
        }

        func bytes() -> [UInt8] {
            count > 0 ? buffer + [UInt8(accumulator & 0xFF)] : buffer
        }
    }
}
