import DisentangleTensor

/// The rectified linear unit `max(x, 0)` element-wise (PyTorch's `nn.ReLU`; derivative 0 at 0).
public final class ReLU: Layer {
    /// Creates the activation.
    public init() {}

    /// `max(input, 0)` element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.relu() }
}
