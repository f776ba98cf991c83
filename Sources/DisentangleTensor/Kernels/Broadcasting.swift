/// The NumPy broadcast of two shapes, or `nil` if they are incompatible.
@usableFromInline
func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
        let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
        let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
        if da == db || db == 1 {
            result[i] = da
        } else if da == 1 {
            result[i] = db
        } else {
            return nil
        }
    }
    return result
}

/// Strides (in elements) for reading a tensor of shape `shape` as if it had the broadcast shape `target`:
/// broadcast dimensions get stride 0.
@usableFromInline
func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let own = contiguousStrides(shape)
    let offset = target.count - shape.count
    var result = [Int](repeating: 0, count: target.count)
    for i in 0..<shape.count where shape[i] != 1 {
        result[i + offset] = own[i]
    }
    return result
}

/// The fewest elements per thread in an element-wise loop: below it, waking a second thread costs more than it saves.
let elementwiseChunk = 1 << 16

/// Applies `Operation` element-wise to `a` and `b` broadcast to `shape`, writing into `out` (row-major in `shape`).
///
/// Fast paths cover equal shapes and a scalar operand; the general path walks the output with an odometer over
/// all but the innermost dimension and an inner loop with constant strides (contiguous and repeated operands have
/// loops of their own, which vectorise).
@inline(__always)
func broadcastBinaryLoop<Operation: ElementwiseOperation>(
    _ a: Tensor, _ b: Tensor, shape: [Int], out: UnsafeMutablePointer<Float>, _ operation: Operation.Type
) {
    let pa = a.buffer.pointer
    let pb = b.buffer.pointer
    let n = shape.reduce(1, *)
    // The fast paths split large tensors across threads: each element is computed alone, so the values do not
    // depend on the thread count.
    if a.shape == shape && b.shape == shape {
        Threading.parallelRanges(n, minimumChunk: elementwiseChunk) { range in
            for i in range { out[i] = Operation.apply(pa[i], pb[i]) }
        }
        return
    }
    if b.count == 1 && a.shape == shape {
        let s = pb[0]
        Threading.parallelRanges(n, minimumChunk: elementwiseChunk) { range in
            for i in range { out[i] = Operation.apply(pa[i], s) }
        }
        return
    }
    if a.count == 1 && b.shape == shape {
        let s = pa[0]
        Threading.parallelRanges(n, minimumChunk: elementwiseChunk) { range in
            for i in range { out[i] = Operation.apply(s, pb[i]) }
        }
        return
    }
    guard n > 0 else { return }
    let sa = broadcastStrides(a.shape, to: shape)
    let sb = broadcastStrides(b.shape, to: shape)
    let rank = shape.count
    let inner = shape[rank - 1]
    let ia = sa[rank - 1]
    let ib = sb[rank - 1]
    let outer = n / inner
    // Rows of the output (all axes but the innermost) split across threads; each range starts its odometer at its
    // first row.
    Threading.parallelRanges(outer, minimumChunk: max(1, elementwiseChunk / inner)) { rows in
        var index = [Int](repeating: 0, count: rank)
        var oa = 0
        var ob = 0
        var first = rows.lowerBound
        for axis in stride(from: rank - 2, through: 0, by: -1) {
            index[axis] = first % shape[axis]
            first /= shape[axis]
            oa += index[axis] * sa[axis]
            ob += index[axis] * sb[axis]
        }
        var o = rows.lowerBound * inner
        for _ in rows {
            let row = out + o
            switch (ia, ib) {
            case (1, 1):
                let ra = pa + oa, rb = pb + ob
                for j in 0..<inner { row[j] = Operation.apply(ra[j], rb[j]) }
            case (1, 0):
                let ra = pa + oa, s = pb[ob]
                for j in 0..<inner { row[j] = Operation.apply(ra[j], s) }
            case (0, 1):
                let s = pa[oa], rb = pb + ob
                for j in 0..<inner { row[j] = Operation.apply(s, rb[j]) }
            default:
                var ka = oa
                var kb = ob
                for j in 0..<inner {
                    row[j] = Operation.apply(pa[ka], pb[kb])
                    ka += ia
                    kb += ib
                }
            }
            o += inner
            // Advance the odometer over dimensions 0..<rank-1.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                oa += sa[axis]
                ob += sb[axis]
                if index[axis] < shape[axis] { break }
                oa -= sa[axis] * shape[axis]
                ob -= sb[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}

extension Tensor {
    /// Sums this gradient over broadcast dimensions so that it has shape `target` (the reverse of broadcasting).
    @usableFromInline
    func reducedToShape(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        var result = self
        let extra = rank - target.count
        if extra > 0 {
            result = result.sum(alongAxes: Array(0..<extra))
        }
        let axes = target.indices.filter { target[$0] == 1 && result.shape[$0] != 1 }
        if !axes.isEmpty {
            result = result.sum(alongAxes: axes, keepingDimensions: true)
        }
        return result.reshaped(target)
    }
}
