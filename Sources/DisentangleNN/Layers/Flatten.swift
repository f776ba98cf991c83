import DisentangleTensor

/// Collapses a range of dimensions into one (PyTorch's `nn.Flatten`); by default every dimension after the
/// batch, so `[n, c, h, w]` becomes `[n, c·h·w]` in channel-major order, as in PyTorch.
public final class Flatten: Layer {
    /// The first dimension to collapse (negative values count from the end).
    public let startAxis: Int
    /// The last dimension to collapse (negative values count from the end).
    public let endAxis: Int

    /// Creates the layer; the defaults keep the batch dimension, as PyTorch's do.
    public init(startAxis: Int = 1, endAxis: Int = -1) {
        self.startAxis = startAxis
        self.endAxis = endAxis
    }

    /// The input with dimensions `startAxis...endAxis` collapsed.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.flattened(startAxis: startAxis, endAxis: endAxis)
    }
}
