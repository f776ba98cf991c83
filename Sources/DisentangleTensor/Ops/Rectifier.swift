extension Tensor {
    /// `max(x, 0)` element-wise (derivative 0 at 0, as in PyTorch).
    ///
    /// The pullback reads only the output (`x > 0` exactly where `y > 0`), so the pre-activation can be freed
    /// after the forward pass, and both passes are vectorised and split over ``Threading`` for large tensors.
    public func relu() -> Tensor {
        let out = TensorBuffer(uninitializedCount: count)
        Tensor.rectify(buffer.pointer, into: out.pointer, count: count)
        let output = Tensor(shape: shape, buffer: out)
        return Tensor.makeResult(shape: shape, buffer: out, inputs: [self]) { g, _ in
            let result = TensorBuffer(uninitializedCount: g.count)
            Tensor.maskByPositive(g.buffer.pointer, output.buffer.pointer, into: result.pointer, count: g.count)
            return [Tensor(shape: g.shape, buffer: result)]
        }
    }

    /// Elements per worker below which splitting a memory-bound element-wise pass costs more than it saves.
    static let elementwiseChunk = 1 << 16

    /// `out[i] = max(x[i], 0)`.
    static func rectify(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        Threading.parallelRanges(count, minimumChunk: elementwiseChunk) { range in
            var i = range.lowerBound
            let zero = SIMD8<Float>(repeating: 0)
            while i + 8 <= range.upperBound {
                let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(out + i).storeBytes(of: zero.replacing(with: v, where: v .> zero), as: SIMD8<Float>.self)
                i += 8
            }
            while i < range.upperBound {
                out[i] = x[i] > 0 ? x[i] : 0
                i += 1
            }
        }
    }

    /// `out[i] = y[i] > 0 ? g[i] : 0`.
    static func maskByPositive(
        _ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int
    ) {
        Threading.parallelRanges(count, minimumChunk: elementwiseChunk) { range in
            var i = range.lowerBound
            let zero = SIMD8<Float>(repeating: 0)
            while i + 8 <= range.upperBound {
                let v = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Float>.self)
                let m = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(out + i).storeBytes(of: zero.replacing(with: v, where: m .> zero), as: SIMD8<Float>.self)
                i += 8
            }
            while i < range.upperBound {
                out[i] = y[i] > 0 ? g[i] : 0
                i += 1
            }
        }
    }
}
