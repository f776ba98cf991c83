import CDisentangleKernels

extension Tensor {
    /// `max(x, 0)` element-wise (derivative 0 at 0, as in PyTorch).
    ///
    /// The pullback reads only the output (`x > 0` exactly where `y > 0`), so the pre-activation can be freed
    /// after the forward pass, and both passes are vectorised (in C, for the CPU's widest SIMD) and split over ``Threading`` for large tensors.
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

    /// `out[i] = max(x[i], 0)` (`cdk_relu`).
    static func rectify(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        Threading.parallelRanges(count, minimumChunk: elementwiseChunk) { range in
            cdk_relu(x + range.lowerBound, out + range.lowerBound, range.count)
        }
    }

    /// `out[i] = y[i] > 0 ? g[i] : 0` (`cdk_relu_mask`).
    static func maskByPositive(
        _ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int
    ) {
        Threading.parallelRanges(count, minimumChunk: elementwiseChunk) { range in
            cdk_relu_mask(g + range.lowerBound, y + range.lowerBound, out + range.lowerBound, range.count)
        }
    }
}
