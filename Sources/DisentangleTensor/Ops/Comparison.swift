extension Tensor {
    /// A non-differentiable mask: 1 where `body(a, b)` holds, 0 elsewhere (with broadcasting).
    private static func mask(_ a: Tensor, _ b: Tensor, _ name: String, _ body: (Float, Float) -> Bool) -> Tensor {
        guard let shape = broadcastShape(a.shape, b.shape) else {
            preconditionFailure("\(name): shapes \(describe(a.shape)) and \(describe(b.shape)) do not broadcast")
        }
        let buffer = TensorBuffer(uninitializedCount: shape.reduce(1, *))
        broadcastBinaryLoop(a, b, shape: shape, out: buffer.pointer) { body($0, $1) ? 1 : 0 }
        return Tensor(shape: shape, buffer: buffer)
    }

    /// 1 where `self < other`, else 0.
    public func lessMask(than other: Tensor) -> Tensor { Tensor.mask(self, other, "lessMask") { $0 < $1 } }
    /// 1 where `self <= other`, else 0.
    public func lessOrEqualMask(than other: Tensor) -> Tensor { Tensor.mask(self, other, "lessOrEqualMask") { $0 <= $1 } }
    /// 1 where `self > other`, else 0.
    public func greaterMask(than other: Tensor) -> Tensor { Tensor.mask(self, other, "greaterMask") { $0 > $1 } }
    /// 1 where `self >= other`, else 0.
    public func greaterOrEqualMask(than other: Tensor) -> Tensor {
        Tensor.mask(self, other, "greaterOrEqualMask") { $0 >= $1 }
    }
    /// 1 where `self == other`, else 0.
    public func equalMask(to other: Tensor) -> Tensor { Tensor.mask(self, other, "equalMask") { $0 == $1 } }
    /// 1 where `self > value`, else 0.
    public func greaterMask(than value: Float) -> Tensor { greaterMask(than: Tensor(value)) }
    /// 1 where `self < value`, else 0.
    public func lessMask(than value: Float) -> Tensor { lessMask(than: Tensor(value)) }

    /// Whether every scalar is finite (no NaN or infinity).
    public var isFinite: Bool {
        withUnsafeScalars { $0.allSatisfy(\.isFinite) }
    }
}
