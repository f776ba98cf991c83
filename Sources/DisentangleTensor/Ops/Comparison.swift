extension Tensor {
    /// A non-differentiable mask: `operation` (1 where a comparison holds, 0 elsewhere) with broadcasting.
    private static func mask<Operation: ElementwiseOperation>(
        _ a: Tensor, _ b: Tensor, _ name: String, _ operation: Operation.Type
    ) -> Tensor {
        guard let shape = broadcastShape(a.shape, b.shape) else {
            preconditionFailure("\(name): shapes \(describe(a.shape)) and \(describe(b.shape)) do not broadcast")
        }
        let buffer = TensorBuffer(uninitializedCount: shape.reduce(1, *))
        broadcastBinaryLoop(a, b, shape: shape, out: buffer.pointer, operation)
        return Tensor(shape: shape, buffer: buffer)
    }

    /// 1 where `self < other`, else 0.
    public func lessMask(than other: Tensor) -> Tensor { Tensor.mask(self, other, "lessMask", LessThan.self) }
    /// 1 where `self <= other`, else 0.
    public func lessOrEqualMask(than other: Tensor) -> Tensor { Tensor.mask(self, other, "lessOrEqualMask", LessThanOrEqual.self) }
    /// 1 where `self > other`, else 0.
    public func greaterMask(than other: Tensor) -> Tensor { Tensor.mask(self, other, "greaterMask", GreaterThan.self) }
    /// 1 where `self >= other`, else 0.
    public func greaterOrEqualMask(than other: Tensor) -> Tensor {
        Tensor.mask(self, other, "greaterOrEqualMask", GreaterThanOrEqual.self)
    }
    /// 1 where `self == other`, else 0.
    public func equalMask(to other: Tensor) -> Tensor { Tensor.mask(self, other, "equalMask", Equal.self) }
    /// 1 where `self > value`, else 0.
    public func greaterMask(than value: Float) -> Tensor { greaterMask(than: Tensor(value)) }
    /// 1 where `self < value`, else 0.
    public func lessMask(than value: Float) -> Tensor { lessMask(than: Tensor(value)) }

    /// Whether every scalar is finite (no NaN or infinity).
    public var isFinite: Bool {
        withUnsafeScalars { $0.allSatisfy(\.isFinite) }
    }
}
