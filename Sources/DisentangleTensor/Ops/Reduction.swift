import Foundation

/// The kind of a single-axis reduction kernel.
@usableFromInline
enum ReductionKind {
    case sum, max, min
}

extension Tensor {
    /// Splits the shape around `axis` into (outer, length, inner) element counts.
    @inline(__always)
    func splitAround(_ axis: Int) -> (outer: Int, length: Int, inner: Int) {
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        return (outer, shape[axis], inner)
    }

    /// Reduces one axis (kept as size 1) without recording gradients.
    func reduceAxisRaw(_ axis: Int, _ kind: ReductionKind) -> Tensor {
        let (outer, length, inner) = splitAround(axis)
        var newShape = shape
        newShape[axis] = 1
        let out = TensorBuffer(uninitializedCount: outer * inner)
        let src = buffer.pointer
        let dst = out.pointer
        precondition(length > 0 || kind == .sum, "max/min over an empty axis of shape \(describe(shape))")
        // Split across threads by output rows (or, for a single row, by columns): each output is reduced alone, so
        // the values do not depend on the thread count.
        let minimumChunk = Swift.max(1, elementwiseChunk / Swift.max(1, length))
        if outer == 1 && inner > 1 {
            Threading.parallelRanges(inner, minimumChunk: minimumChunk) { columns in
                Self.reduceColumns(src + columns.lowerBound, into: dst + columns.lowerBound, length: length,
                                   stride: inner, count: columns.count, kind)
            }
        } else {
            Threading.parallelRanges(outer, minimumChunk: Swift.max(1, minimumChunk / inner)) { rows in
                for o in rows {
                    let base = src + o * length * inner
                    if inner > 1 {
                        Self.reduceColumns(base, into: dst + o * inner, length: length, stride: inner, count: inner, kind)
                        continue
                    }
                    switch kind {
                    case .sum:
                        var acc: Double = 0
                        for j in 0..<length { acc += Double(base[j]) }
                        dst[o] = Float(acc)
                    case .max:
                        var m = base[0]
                        for j in 1..<Swift.max(length, 1) where base[j] > m || base[j].isNaN { m = base[j] }
                        dst[o] = m
                    case .min:
                        var m = base[0]
                        for j in 1..<Swift.max(length, 1) where base[j] < m || base[j].isNaN { m = base[j] }
                        dst[o] = m
                    }
                }
            }
        }
        return Tensor(shape: newShape, buffer: out)
    }

    /// `row[i]` = the reduction over `j < length` of `base[j stride + i]`, for `i < count`.
    private static func reduceColumns(
        _ base: UnsafePointer<Float>, into row: UnsafeMutablePointer<Float>, length: Int, stride: Int, count: Int,
        _ kind: ReductionKind
    ) {
        switch kind {
        case .sum:
            row.initialize(repeating: 0, count: count)
            for j in 0..<length {
                let r = base + j * stride
                for i in 0..<count { row[i] += r[i] }
            }
        case .max:
            row.update(from: base, count: count)
            for j in 1..<Swift.max(length, 1) {
                let r = base + j * stride
                for i in 0..<count where r[i] > row[i] { row[i] = r[i] }
            }
        case .min:
            row.update(from: base, count: count)
            for j in 1..<Swift.max(length, 1) {
                let r = base + j * stride
                for i in 0..<count where r[i] < row[i] { row[i] = r[i] }
            }
        }
    }

    /// Normalised, sorted, de-duplicated axes.
    func normalizedAxes(_ axes: [Int], _ operation: String) -> [Int] {
        Array(Set(axes.map { normalizedAxis($0, rank: rank, operation) })).sorted()
    }

    /// Shape after reducing `axes` (kept as size 1 or removed).
    func reducedShape(_ axes: [Int], keepingDimensions: Bool) -> [Int] {
        if keepingDimensions {
            var s = shape
            for a in axes { s[a] = 1 }
            return s
        }
        return shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
    }

    /// The sum over the given axes (negative axes count from the end).
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let axes = normalizedAxes(axes, "sum")
        var value = self.detached()
        for a in axes { value = value.reduceAxisRaw(a, .sum) }
        let outShape = reducedShape(axes, keepingDimensions: keepingDimensions)
        let inputShape = shape
        let keptShape = reducedShape(axes, keepingDimensions: true)
        return Tensor.makeResult(shape: outShape, buffer: value.buffer, inputs: [self]) { g, _ in
            [g.reshaped(keptShape).expanded(to: inputShape)]
        }
    }

    /// The sum over one axis.
    public func sum(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
        sum(alongAxes: [axis], keepingDimensions: keepingDimensions)
    }

    /// The sum of all scalars, as a rank-0 tensor.
    public func sum() -> Tensor { sum(alongAxes: Array(0..<rank)) }

    /// The mean over the given axes.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let axes = normalizedAxes(axes, "mean")
        let n = axes.reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions).scaled(by: 1 / Float(n))
    }

    /// The mean over one axis.
    public func mean(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
        mean(alongAxes: [axis], keepingDimensions: keepingDimensions)
    }

    /// The mean of all scalars, as a rank-0 tensor.
    public func mean() -> Tensor { mean(alongAxes: Array(0..<rank)) }

    /// Max or min over axes; the gradient flows to the first position attaining the extreme.
    private func extreme(_ axes: [Int], keepingDimensions: Bool, _ kind: ReductionKind, _ name: String) -> Tensor {
        let axes = normalizedAxes(axes, name)
        for a in axes {
            precondition(shape[a] > 0, "\(name): cannot reduce the empty axis \(a) of shape \(describe(shape))")
        }
        var value = self.detached()
        for a in axes { value = value.reduceAxisRaw(a, kind) }
        let outShape = reducedShape(axes, keepingDimensions: keepingDimensions)
        let input = self.detached()
        let kept = value
        return Tensor.makeResult(shape: outShape, buffer: value.buffer, inputs: [self]) { g, _ in
            // Route each reduced gradient to the first element equal to the extreme.
            let mask = input.equalMask(to: kept)
            let first = mask.firstOccurrence(alongAxes: axes)
            return [first * g.reshaped(kept.shape)]
        }
    }

    /// Keeps only the first 1 of a 0/1 mask within each reduction group over `axes` (row-major order).
    func firstOccurrence(alongAxes axes: [Int]) -> Tensor {
        let strides = contiguousStrides(shape)
        let keptShape = reducedShape(axes, keepingDimensions: true)
        let keptStrides = contiguousStrides(keptShape)
        var seen = [Bool](repeating: false, count: keptShape.reduce(1, *))
        let out = TensorBuffer(repeating: 0, count: count)
        let src = buffer.pointer
        for i in 0..<count where src[i] != 0 {
            var rest = i
            var group = 0
            for a in 0..<rank {
                let idx = rest / strides[a]
                rest %= strides[a]
                if keptShape[a] != 1 || shape[a] == 1 { group += idx * keptStrides[a] }
            }
            if !seen[group] {
                seen[group] = true
                out.pointer[i] = 1
            }
        }
        return Tensor(shape: shape, buffer: out)
    }

    /// The maximum over the given axes.
    public func max(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        extreme(axes, keepingDimensions: keepingDimensions, .max, "max")
    }

    /// The minimum over the given axes.
    public func min(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        extreme(axes, keepingDimensions: keepingDimensions, .min, "min")
    }

    /// The maximum of all scalars.
    public func max() -> Tensor { max(alongAxes: Array(0..<rank)) }

    /// The minimum of all scalars.
    public func min() -> Tensor { min(alongAxes: Array(0..<rank)) }

    /// Indices of the maximum along `axis` (the first one on ties), in row-major order of the remaining axes.
    public func argmax(alongAxis axis: Int) -> [Int] {
        let axis = normalizedAxis(axis, rank: rank, "argmax")
        let (outer, length, inner) = splitAround(axis)
        precondition(length > 0, "argmax: axis \(axis) of shape \(describe(shape)) is empty")
        var result = [Int](repeating: 0, count: outer * inner)
        let p = buffer.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                var best = 0
                var bestValue = p[o * length * inner + i]
                for j in 1..<length {
                    let v = p[(o * length + j) * inner + i]
                    if v > bestValue {
                        bestValue = v
                        best = j
                    }
                }
                result[o * inner + i] = best
            }
        }
        return result
    }

    /// The variance over the given axes, dividing by `n - correction` (0: population, 1: sample).
    public func variance(alongAxes axes: [Int], correction: Int = 0, keepingDimensions: Bool = false) -> Tensor {
        let axes = normalizedAxes(axes, "variance")
        let n = axes.reduce(1) { $0 * shape[$1] }
        precondition(n - correction > 0, "variance: \(n) elements are too few for correction \(correction)")
        let centered = self - mean(alongAxes: axes, keepingDimensions: true)
        return centered.squared().sum(alongAxes: axes, keepingDimensions: keepingDimensions)
            .scaled(by: 1 / Float(n - correction))
    }

    /// The standard deviation over the given axes, dividing by `n - correction`.
    public func standardDeviation(alongAxes axes: [Int], correction: Int = 0, keepingDimensions: Bool = false) -> Tensor {
        variance(alongAxes: axes, correction: correction, keepingDimensions: keepingDimensions).sqrt()
    }

    /// `log(sum(exp(x)))` over the given axes, computed stably by subtracting the maximum.
    public func logSumExp(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let axes = normalizedAxes(axes, "logSumExp")
        var m = self.detached()
        for a in axes { m = m.reduceAxisRaw(a, .max) }
        // A non-finite maximum (all -inf) would give NaN; shift by 0 there instead.
        let shift = Tensor(shape: m.shape, buffer: m.mapScalars { $0.isFinite ? $0 : 0 })
        let lse = (self - shift).exp().sum(alongAxes: axes, keepingDimensions: true).log() + shift
        return keepingDimensions ? lse : lse.reshaped(reducedShape(axes, keepingDimensions: false))
    }

    /// `x - logSumExp(x)` along `axis`.
    public func logSoftmax(alongAxis axis: Int) -> Tensor {
        self - logSumExp(alongAxes: [axis], keepingDimensions: true)
    }

    /// `exp(x) / sum(exp(x))` along `axis`.
    public func softmax(alongAxis axis: Int) -> Tensor {
        logSoftmax(alongAxis: axis).exp()
    }
}
