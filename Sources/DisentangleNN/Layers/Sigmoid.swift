import DisentangleTensor

/// The logistic function `1 / (1 + e^-x)` element-wise (PyTorch's `nn.Sigmoid`).
public final class Sigmoid: Layer {
    /// Creates the activation.
    public init() {}

    /// The logistic function applied element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.sigmoid() }
}
