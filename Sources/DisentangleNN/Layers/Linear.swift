import DisentangleTensor

/// A fully connected layer, `y = x Wᵀ + b`, as PyTorch's `nn.Linear`.
///
/// The weight has shape `[outputSize, inputSize]` and the optional bias `[outputSize]`; their names in a state
/// dictionary are `weight` and `bias`. The input may have any number of leading dimensions: `[..., inputSize]`
/// maps to `[..., outputSize]`.
public final class Linear: Layer {
    /// The weight, shape `[outputSize, inputSize]`.
    public let weight: Parameter
    /// The bias, shape `[outputSize]`, or `nil` for a layer without one.
    public let bias: Parameter?

    /// The size of the last input dimension.
    public var inputSize: Int { weight.shape[1] }
    /// The size of the last output dimension.
    public var outputSize: Int { weight.shape[0] }

    /// Creates a layer with freshly drawn parameters (PyTorch's default initialisation unless told otherwise).
    public init(
        inputSize: Int, outputSize: Int, bias: Bool = true,
        weightInitializer: Initializer = .pytorchDefaultWeight, biasInitializer: Initializer = .pytorchDefaultBias,
        using generator: inout RandomGenerator
    ) {
        precondition(inputSize > 0 && outputSize > 0, "Linear needs positive sizes, got \(inputSize) -> \(outputSize)")
        (self.weight, self.bias) = Initializer.layerParameters(
            weightShape: [outputSize, inputSize],
            biasShape: bias ? [outputSize] : nil,
            weightInitializer: weightInitializer, biasInitializer: biasInitializer, using: &generator)
    }

    /// Creates a layer with the given weight `[outputSize, inputSize]` and optional bias `[outputSize]`.
    public init(weight: Tensor, bias: Tensor?) {
        precondition(weight.rank == 2, "Linear weight must have shape [out, in], got \(weight.shape)")
        if let bias {
            precondition(bias.shape == [weight.shape[0]], "Linear bias shape \(bias.shape) does not match weight \(weight.shape)")
        }
        self.weight = Parameter(weight)
        self.bias = bias.map(Parameter.init)
    }

    /// `input Wᵀ + b` for an input of shape `[..., inputSize]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(
            input.rank >= 1 && input.shape[input.rank - 1] == inputSize,
            "Linear(\(inputSize) -> \(outputSize)): input shape \(input.shape) does not end in \(inputSize)")
        let flat = input.rank == 2 ? input : input.reshaped([-1, inputSize])
        var output = flat.matmul(weight.value, transposingOther: true)
        if let bias { output = output + bias.value }
        return input.rank == 2 ? output : output.reshaped(Array(input.shape.dropLast()) + [outputSize])
    }
}
