import DisentangleTensor

/// Layers applied one after another (PyTorch's `nn.Sequential`).
///
/// The children are named by position, so the parameters of the first layer are `0.weight` and `0.bias`, and a
/// `Sequential` stored in a property `convs` yields `convs.0.weight`, exactly as in PyTorch. Parameter-free
/// layers (activations, reshapes) take up an index too, as they do in PyTorch.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let mlp = Sequential(
///     Linear(inputSize: 10, outputSize: 256, using: &generator), ReLU(),
///     Linear(inputSize: 256, outputSize: 20, using: &generator))
/// mlp.namedParameters().map(\.name)   // ["0.weight", "0.bias", "2.weight", "2.bias"]
/// ```
///
/// ## Fused convolution and ReLU
///
/// A ``Conv2D`` immediately followed by a ``ReLU`` is applied as one rectified convolution
/// (`Tensor.conv2d(_:weight:bias:stride:padding:activation:)` with `.relu`), which rectifies in the convolution
/// kernels' output stage and masks the gradient where the kernels read it, instead of two separate passes over
/// the output and its gradient. The result is bit for bit that of applying the two layers one after the other,
/// values and gradients. The fusion happens when the stack is applied: the `ReLU` stays in ``layers`` at its
/// index, so parameter names (and checkpoints) are unchanged.
public final class Sequential: Layer {
    /// The layers, in the order they are applied.
    public let layers: [any Layer]

    /// Creates a stack of layers.
    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    /// Creates a stack of layers.
    public convenience init(_ layers: any Layer...) {
        self.init(layers)
    }

    /// Sequential has no parameters of its own.
    public var localParameters: [(name: String, parameter: Parameter)] { [] }

    /// The layers, named `"0"`, `"1"`, ... by position.
    public var children: [(name: String, module: any Module)] {
        layers.enumerated().map { ("\($0.offset)", $0.element) }
    }

    /// Applies each layer in turn (a ``Conv2D`` followed by a ``ReLU`` as one rectified convolution; see the
    /// type's notes).
    public func callAsFunction(_ input: Tensor) -> Tensor {
        applyLayers(from: 0, to: input)
    }

    /// Applies the layers from index `start` on in turn, fusing each ``Conv2D`` followed by a ``ReLU`` as
    /// ``callAsFunction(_:)`` does; for models that compute the first layers themselves.
    public func applyLayers(from start: Int, to input: Tensor) -> Tensor {
        precondition(start >= 0 && start <= layers.count, "Sequential: start \(start) outside 0...\(layers.count)")
        var output = input
        var index = start
        while index < layers.count {
            if let conv = layers[index] as? Conv2D, index + 1 < layers.count, layers[index + 1] is ReLU {
                output = conv(output, activation: .relu)
                index += 2
            } else {
                output = layers[index](output)
                index += 1
            }
        }
        return output
    }
}
