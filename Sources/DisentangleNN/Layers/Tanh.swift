import DisentangleTensor

/// The hyperbolic tangent element-wise (PyTorch's `nn.Tanh`).
public final class Tanh: Layer {
    /// Creates the activation.
    public init() {}

    /// `tanh` applied element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.tanh() }
}
