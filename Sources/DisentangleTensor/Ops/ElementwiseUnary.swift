import Foundation

extension Tensor {
    /// A new buffer holding `body` applied to every scalar (no differentiation).
    @inline(__always)
    func mapScalars(_ body: (Float) -> Float) -> TensorBuffer {
        let n = count
        let out = TensorBuffer(uninitializedCount: n)
        let src = buffer.pointer
        let dst = out.pointer
        for i in 0..<n { dst[i] = body(src[i]) }
        return out
    }

    /// A differentiable unary operation; `derivative(x, y)` gives dy/dx from the input and output scalars.
    @inline(__always)
    func unary(_ body: (Float) -> Float, derivative: @escaping (Float, Float) -> Float) -> Tensor {
        let out = mapScalars(body)
        let input = detached()
        let output = Tensor(shape: shape, buffer: out)
        return Tensor.makeResult(shape: shape, buffer: out, inputs: [self]) { g, _ in
            let n = g.count
            let result = TensorBuffer(uninitializedCount: n)
            let pg = g.buffer.pointer
            let px = input.buffer.pointer
            let py = output.buffer.pointer
            let pr = result.pointer
            for i in 0..<n { pr[i] = pg[i] * derivative(px[i], py[i]) }
            return [Tensor(shape: g.shape, buffer: result)]
        }
    }

    /// `e^x` element-wise.
    public func exp() -> Tensor { unary({ Foundation.exp($0) }, derivative: { _, y in y }) }

    /// Natural logarithm element-wise.
    public func log() -> Tensor { unary({ Foundation.log($0) }, derivative: { x, _ in 1 / x }) }

    /// `log(1 + x)` element-wise, accurate for small `x`.
    public func log1p() -> Tensor { unary({ Foundation.log1p($0) }, derivative: { x, _ in 1 / (1 + x) }) }

    /// Square root element-wise.
    public func sqrt() -> Tensor { unary({ $0.squareRoot() }, derivative: { _, y in 0.5 / y }) }

    /// `x * x` element-wise.
    public func squared() -> Tensor { unary({ $0 * $0 }, derivative: { x, _ in 2 * x }) }

    /// `x^exponent` element-wise for a constant exponent.
    public func pow(_ exponent: Float) -> Tensor {
        unary({ Foundation.pow($0, exponent) }, derivative: { x, _ in exponent * Foundation.pow(x, exponent - 1) })
    }

    /// Absolute value element-wise (derivative `sign(x)`, 0 at 0).
    public func abs() -> Tensor {
        unary({ Swift.abs($0) }, derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) })
    }

    /// Clamps every element to `[lowerBound, upperBound]`; the gradient is 1 strictly inside and 0 outside.
    public func clamped(lowerBound: Float = -.infinity, upperBound: Float = .infinity) -> Tensor {
        precondition(lowerBound <= upperBound, "clamped: lower bound \(lowerBound) exceeds upper bound \(upperBound)")
        return unary(
            { Swift.min(Swift.max($0, lowerBound), upperBound) },
            derivative: { x, _ in (x >= lowerBound && x <= upperBound) ? 1 : 0 })
    }

    /// `x` for positive `x`, `slope * x` otherwise.
    public func leakyRelu(slope: Float = 0.01) -> Tensor {
        unary({ $0 > 0 ? $0 : slope * $0 }, derivative: { x, _ in x > 0 ? 1 : slope })
    }

    /// The logistic function `1 / (1 + e^-x)`, computed without overflow.
    public func sigmoid() -> Tensor {
        unary({ x in
            if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
            let e = Foundation.exp(x)
            return e / (1 + e)
        }, derivative: { _, y in y * (1 - y) })
    }

    /// Hyperbolic tangent element-wise.
    public func tanh() -> Tensor { unary({ Foundation.tanh($0) }, derivative: { _, y in 1 - y * y }) }

    /// `log(1 + e^x)`, computed stably as `max(x, 0) + log1p(e^-|x|)`.
    public func softplus() -> Tensor {
        unary({ x in Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))) }, derivative: { x, _ in
            if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
            let e = Foundation.exp(x)
            return e / (1 + e)
        })
    }
}
