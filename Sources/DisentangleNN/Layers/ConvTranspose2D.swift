import DisentangleTensor

/// A 2-D transposed convolution over NCHW batches (PyTorch's `nn.ConvTranspose2d`) with a square kernel, stride,
/// padding and output padding: the gradient of ``Conv2D`` with respect to its input, used to upsample.
///
/// The weight has PyTorch's layout `[inputChannels, outputChannels, kernelSize, kernelSize]` and the optional bias
/// `[outputChannels]`; their state-dictionary names are `weight` and `bias`. An input `[n, inputChannels, h, w]`
/// maps to `[n, outputChannels, (h − 1)·stride − 2·padding + kernelSize + outputPadding, ...]`, so kernel 4,
/// stride 2, padding 1 doubles the height and width.
///
/// As in PyTorch, the default initialisation takes fan-in from weight dimension 1: `outputChannels · kernelSize²`.
public final class ConvTranspose2D: Layer {
    /// The kernels, shape `[inputChannels, outputChannels, kernelSize, kernelSize]`.
    public let weight: Parameter
    /// The bias, shape `[outputChannels]`, or `nil` for a layer without one.
    public let bias: Parameter?
    /// The upsampling factor.
    public let stride: Int
    /// The rows and columns removed from every side of the full transposed convolution.
    public let padding: Int
    /// The rows and columns added at the bottom and right (smaller than ``stride``).
    public let outputPadding: Int

    /// The number of input channels.
    public var inputChannels: Int { weight.shape[0] }
    /// The number of output channels.
    public var outputChannels: Int { weight.shape[1] }
    /// The height and width of the kernel.
    public var kernelSize: Int { weight.shape[2] }

    /// Creates a layer with freshly drawn parameters (PyTorch's default initialisation unless told otherwise).
    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        outputPadding: Int = 0, bias: Bool = true,
        weightInitializer: Initializer = .pytorchDefaultWeight, biasInitializer: Initializer = .pytorchDefaultBias,
        using generator: inout RandomGenerator
    ) {
        precondition(
            inputChannels > 0 && outputChannels > 0 && kernelSize > 0 && stride > 0 && padding >= 0
                && outputPadding >= 0 && outputPadding < stride,
            "ConvTranspose2D needs positive channels, kernel size and stride, a non-negative padding and an output "
                + "padding below the stride, got \(inputChannels) -> \(outputChannels), kernel \(kernelSize), "
                + "stride \(stride), padding \(padding), output padding \(outputPadding)")
        (self.weight, self.bias) = Initializer.layerParameters(
            weightShape: [inputChannels, outputChannels, kernelSize, kernelSize],
            biasShape: bias ? [outputChannels] : nil,
            weightInitializer: weightInitializer, biasInitializer: biasInitializer, using: &generator)
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
    }

    /// Creates a layer with the given weight `[inputChannels, outputChannels, k, k]` and optional bias.
    public init(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0) {
        precondition(
            weight.rank == 4 && weight.shape[2] == weight.shape[3],
            "ConvTranspose2D weight must have shape [in, out, k, k], got \(weight.shape)")
        if let bias {
            precondition(
                bias.shape == [weight.shape[1]], "ConvTranspose2D bias shape \(bias.shape) does not match weight \(weight.shape)")
        }
        precondition(
            stride > 0 && padding >= 0 && outputPadding >= 0 && outputPadding < stride,
            "ConvTranspose2D needs a positive stride, a non-negative padding and an output padding below the stride")
        self.weight = Parameter(weight)
        self.bias = bias.map(Parameter.init)
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
    }

    /// The transposed convolution of an `[n, inputChannels, h, w]` batch.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        Tensor.convTranspose2d(
            input, weight: weight.value, bias: bias?.value, stride: stride, padding: padding, outputPadding: outputPadding)
    }
}
