import DisentangleTensor

/// A 2-D convolution over NCHW batches (cross-correlation, as PyTorch's `nn.Conv2d`) with a square kernel,
/// stride and zero padding.
///
/// The weight has shape `[outputChannels, inputChannels, kernelSize, kernelSize]` and the optional bias
/// `[outputChannels]`; their state-dictionary names are `weight` and `bias`. An input `[n, inputChannels, h, w]`
/// maps to `[n, outputChannels, (h + 2·padding − kernelSize) / stride + 1, (w + 2·padding − kernelSize) / stride + 1]`.
public final class Conv2D: Layer {
    /// The kernels, shape `[outputChannels, inputChannels, kernelSize, kernelSize]`.
    public let weight: Parameter
    /// The bias, shape `[outputChannels]`, or `nil` for a layer without one.
    public let bias: Parameter?
    /// The step between kernel applications, vertically and horizontally.
    public let stride: Int
    /// The zeros added on every side of the input.
    public let padding: Int

    /// The number of input channels.
    public var inputChannels: Int { weight.shape[1] }
    /// The number of output channels.
    public var outputChannels: Int { weight.shape[0] }
    /// The height and width of the kernel.
    public var kernelSize: Int { weight.shape[2] }

    /// Creates a layer with freshly drawn parameters (PyTorch's default initialisation unless told otherwise:
    /// fan-in is `inputChannels · kernelSize²`).
    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, bias: Bool = true,
        weightInitializer: Initializer = .pytorchDefaultWeight, biasInitializer: Initializer = .pytorchDefaultBias,
        using generator: inout RandomGenerator
    ) {
        precondition(
            inputChannels > 0 && outputChannels > 0 && kernelSize > 0 && stride > 0 && padding >= 0,
            "Conv2D needs positive channels, kernel size and stride and a non-negative padding, got "
                + "\(inputChannels) -> \(outputChannels), kernel \(kernelSize), stride \(stride), padding \(padding)")
        (self.weight, self.bias) = Initializer.layerParameters(
            weightShape: [outputChannels, inputChannels, kernelSize, kernelSize],
            biasShape: bias ? [outputChannels] : nil,
            weightInitializer: weightInitializer, biasInitializer: biasInitializer, using: &generator)
        self.stride = stride
        self.padding = padding
    }

    /// Creates a layer with the given weight `[outputChannels, inputChannels, k, k]` and optional bias.
    public init(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0) {
        precondition(
            weight.rank == 4 && weight.shape[2] == weight.shape[3],
            "Conv2D weight must have shape [out, in, k, k], got \(weight.shape)")
        if let bias {
            precondition(bias.shape == [weight.shape[0]], "Conv2D bias shape \(bias.shape) does not match weight \(weight.shape)")
        }
        precondition(stride > 0 && padding >= 0, "Conv2D needs a positive stride and a non-negative padding")
        self.weight = Parameter(weight)
        self.bias = bias.map(Parameter.init)
        self.stride = stride
        self.padding = padding
    }

    /// The convolution of an `[n, inputChannels, h, w]` batch.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        callAsFunction(input, activation: .identity)
    }

    /// The convolution of an `[n, inputChannels, h, w]` batch with `activation` applied inside the convolution
    /// kernels (`.relu`: bit for bit this layer followed by ``ReLU``, faster; ``Sequential`` uses it for such
    /// pairs).
    public func callAsFunction(_ input: Tensor, activation: ConvolutionActivation) -> Tensor {
        Tensor.conv2d(
            input, weight: weight.value, bias: bias?.value, stride: stride, padding: padding, activation: activation)
    }
}
