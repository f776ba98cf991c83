/// The five PNG row filters (ISO/IEC 15948, section 9) and the per-row choice among them.
enum PNGRowFilter: UInt8, CaseIterable {
    case none = 0, sub = 1, up = 2, average = 3, paeth = 4

    /// Writes the filtered bytes of `row` into `output` (same count), given the previous unfiltered row (all
    /// zeros for the first row) and the number of bytes per pixel.
    func apply(row: UnsafeBufferPointer<UInt8>, previous: UnsafeBufferPointer<UInt8>, bytesPerPixel: Int,
               output: UnsafeMutableBufferPointer<UInt8>) {
        let count = row.count
        let lead = min(bytesPerPixel, count)
        switch self {
        case .none:
            for i in 0..<count { output[i] = row[i] }
        case .sub:
            for i in 0..<lead { output[i] = row[i] }
            for i in lead..<count { output[i] = row[i] &- row[i - bytesPerPixel] }
        case .up:
            for i in 0..<count { output[i] = row[i] &- previous[i] }
        case .average:
            for i in 0..<lead { output[i] = row[i] &- previous[i] / 2 }
            for i in lead..<count {
                output[i] = row[i] &- UInt8((Int(row[i - bytesPerPixel]) + Int(previous[i])) / 2)
            }
        case .paeth:
            for i in 0..<lead { output[i] = row[i] &- previous[i] }
            for i in lead..<count {
                output[i] = row[i] &- PNGRowFilter.paethPredictor(row[i - bytesPerPixel], previous[i],
                                                                  previous[i - bytesPerPixel])
            }
        }
    }

    /// The Paeth predictor: whichever of left, above and upper-left is closest to `a + b - c`.
    static func paethPredictor(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    /// Appends the filter-type byte and the filtered row to `output`, choosing the filter whose output has the
    /// smallest sum of absolute values when read as signed bytes (libpng's heuristic). `previous` is the row
    /// above (all zeros for the first row); `scratch` must hold `row.count` bytes and is overwritten.
    static func appendAdaptive(row: UnsafeBufferPointer<UInt8>, previous: UnsafeBufferPointer<UInt8>,
                               bytesPerPixel: Int, scratch: UnsafeMutableBufferPointer<UInt8>, to output: inout [UInt8]) {
        var bestFilter = PNGRowFilter.none
        var bestCost = Int.max
        for filter in PNGRowFilter.allCases {
            filter.apply(row: row, previous: previous, bytesPerPixel: bytesPerPixel, output: scratch)
            var cost = 0
            for byte in scratch { cost += abs(Int(Int8(bitPattern: byte))) }
            if cost < bestCost {
                bestCost = cost
                bestFilter = filter
            }
        }
        bestFilter.apply(row: row, previous: previous, bytesPerPixel: bytesPerPixel, output: scratch)
        output.append(bestFilter.rawValue)
        output.append(contentsOf: scratch)
    }
}
