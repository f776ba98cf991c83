import DisentangleTensor

/// A trainable tensor owned by a module: a reference-typed box around a `Tensor` that is a leaf of
/// differentiation.
///
/// Modules hold parameters by reference, so an optimiser, a checkpoint loader and the module itself all see the
/// same values, and the module graph can be walked through existentials (`any Module`). `value` is always a
/// gradient leaf: every forward pass that uses it records onto it, and `backward()` accumulates into
/// ``gradient``.
///
/// A parameter is not synchronised: update it (optimiser steps, loading) from one task at a time, as with every
/// training-time mutation.
public final class Parameter {
    /// The current value, a leaf of differentiation. Change it with ``assign(_:)`` or
    /// ``withUnsafeMutableScalars(_:)``, which keep its identity as a leaf.
    public private(set) var value: Tensor

    /// Creates a parameter holding a copy of `value`'s scalars (detached from any recorded computation).
    public init(_ value: Tensor) {
        self.value = value.detached().requiringGradient()
    }

    /// The shape of the value.
    public var shape: [Int] { value.shape }

    /// The number of scalars.
    public var count: Int { value.count }

    /// The gradient accumulated by `backward()` since the last ``zeroGradient()``, or `nil` if none reached it.
    public var gradient: Tensor? { value.gradient }

    /// Forgets the accumulated gradient (PyTorch's `zero_grad(set_to_none=True)`).
    public func zeroGradient() {
        value.zeroGradient()
    }

    /// Replaces the accumulated gradient with `newGradient` (of this parameter's shape), or clears it for `nil`.
    ///
    /// Gradient clipping and custom gradient transforms use this; the values are installed exactly.
    public func setGradient(_ newGradient: Tensor?) {
        if let newGradient {
            precondition(
                newGradient.shape == shape,
                "setGradient: gradient shape \(newGradient.shape) differs from parameter shape \(shape)")
        }
        value.setGradient(newGradient)
    }

    /// Copies `newValue`'s scalars into this parameter, which stays the same leaf (its gradient is kept).
    ///
    /// Traps if the shapes differ; loaders check shapes first and throw.
    public func assign(_ newValue: Tensor) {
        precondition(newValue.shape == shape, "assign: value shape \(newValue.shape) differs from parameter shape \(shape)")
        newValue.withUnsafeScalars { source in
            value.withUnsafeMutableScalars { destination in
                _ = destination.update(fromContentsOf: source)
            }
        }
    }

    /// Mutates the scalars in place (as optimisers do), keeping the parameter the same leaf.
    ///
    /// Computations recorded earlier keep the values they saw (the storage is copied first if they share it).
    public func withUnsafeMutableScalars<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try value.withUnsafeMutableScalars(body)
    }
}
