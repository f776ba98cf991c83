/// The five PNG row filters (ISO/IEC 15948, section 9) and the per-row choice among them.
enum PNGRowFilter: UInt8, CaseIterable {
    case none = 0, sub = 1, up = 2, average = 3, paeth = 4

    /// The filtered bytes of `row`, given the previous (unfiltered) row, or zeros for the first row, and
    /// the number of bytes per pixel.
    func apply(row: ArraySlice<UInt8>, previous: ArraySlice<UInt8>?, bytesPerPixel: Int) -> [UInt8] {
        let count = row.count
        var output = [UInt8](repeating: 0, count: count)
        let rowStart = row.startIndex
        for i in 0..<count {
            let x = row[rowStart + i]
            let a: UInt8 = i >= bytesPerPixel ? row[rowStart + i - bytesPerPixel] : 0
            let b: UInt8 = previous.map { $0[$0.startIndex + i] } ?? 0
            let c: UInt8 = (i >= bytesPerPixel ? previous.map { $0[$0.startIndex + i - bytesPerPixel] } : nil) ?? 0
            switch self {
            case .none: output[i] = x
            case .sub: output[i] = x &- a
            case .up: output[i] = x &- b
            case .average: output[i] = x &- UInt8((Int(a) + Int(b)) / 2)
            case .paeth: output[i] = x &- PNGRowFilter.paethPredictor(a, b, c)
            }
        }
        return output
    }

    /// The Paeth predictor: whichever of left, above and upper-left is closest to `a + b - c`.
    static func paethPredictor(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    /// The filter-type byte followed by the filtered row, choosing the filter whose output has the smallest
    /// sum of absolute values when read as signed bytes (libpng's heuristic).
    static func adaptive(row: ArraySlice<UInt8>, previous: ArraySlice<UInt8>?, bytesPerPixel: Int) -> [UInt8] {
        var best: (cost: Int, filter: PNGRowFilter, bytes: [UInt8])?
        for filter in PNGRowFilter.allCases {
            let bytes = filter.apply(row: row, previous: previous, bytesPerPixel: bytesPerPixel)
            let cost = bytes.reduce(0) { $0 + abs(Int(Int8(bitPattern: $1))) }
            if best == nil || cost < best!.cost { best = (cost, filter, bytes) }
        }
        return [best!.filter.rawValue] + best!.bytes
    }
}
