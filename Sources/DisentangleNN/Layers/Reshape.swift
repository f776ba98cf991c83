import DisentangleTensor

/// Gives the input a new shape with the same scalars, as `x.view(shape)` in PyTorch.
///
/// The shape includes the batch dimension; one entry may be -1 and is inferred, so `Reshape([-1, 64, 2, 2])`
/// turns `[n, 256]` into `[n, 64, 2, 2]` for any batch size.
public final class Reshape: Layer {
    /// The target shape (one entry may be -1).
    public let shape: [Int]

    /// Creates the layer.
    public init(_ shape: [Int]) {
        precondition(shape.filter { $0 == -1 }.count <= 1, "Reshape: at most one dimension may be -1, got \(shape)")
        self.shape = shape
    }

    /// The input reshaped to ``shape``.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.reshaped(shape) }
}
