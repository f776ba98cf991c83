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

    /// Applies each layer in turn.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        layers.reduce(input) { output, layer in layer(output) }
    }
}
