import DisentangleTensor

/// `x` for positive `x`, `negativeSlope · x` otherwise (PyTorch's `nn.LeakyReLU`).
public final class LeakyReLU: Layer {
    /// The slope for negative inputs.
    public let negativeSlope: Float

    /// Creates the activation; the default slope 0.01 is PyTorch's.
    public init(negativeSlope: Float = 0.01) {
        self.negativeSlope = negativeSlope
    }

    /// The leaky rectifier applied element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.leakyRelu(slope: negativeSlope) }
}
