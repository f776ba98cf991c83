import DisentangleNN
import DisentangleTensor

/// The reference convolutional Gaussian encoder: 4×4 stride-2 convolutions (padding 1, ReLU) halve the image down to
/// 4×4, then `Linear(16 · channels → 256)`, ReLU and `Linear(256 → 2 · latents)` produce means and log-variances.
///
/// With the defaults (64 channels) this is the encoder of dfdazac/vaesbd and of the package's PyTorch parity
/// fixtures (three convolutions at 32×32, four at 64×64). Its state-dictionary names are those of one PyTorch
/// `nn.Sequential` (`0.weight`, `2.weight`, ..., the linear layers last), so PyTorch weights load directly.
public final class ConvolutionalEncoder: Encoder {
    /// All layers, in order (convolutions, ReLUs, flatten, linear head).
    public let layers: Sequential
    /// The number of latent dimensions.
    public let latentCount: Int
    /// The shape of one observation, `[channels, imageSize, imageSize]`.
    public let observationShape: [Int]

    /// Creates an encoder with PyTorch-default initialisation.
    ///
    /// - Parameters:
    ///   - imageSize: a power of two, at least 8 (32 and 64 are the common sizes).
    ///   - channels: image channels (1 for binary sprites, 3 for colour).
    ///   - latentCount: the number of latent dimensions (the head outputs twice as many values).
    ///   - hiddenChannels: channels of every convolution.
    ///   - hiddenUnits: width of the hidden linear layer.
    ///   - generator: the source of the initial weights.
    /// - Throws: ``ModelError`` if `imageSize` is not a power of two of at least 8, or a count is not positive.
    public init(
        imageSize: Int, channels: Int = 1, latentCount: Int = 10, hiddenChannels: Int = 64, hiddenUnits: Int = 256,
        using generator: inout RandomGenerator
    ) throws {
        try Self.validate(
            imageSize: imageSize, channels: channels, latentCount: latentCount, hiddenChannels: hiddenChannels,
            hiddenUnits: hiddenUnits)
        var modules: [any Layer] = []
        var size = imageSize
        var inChannels = channels
        while size > 4 {
            modules.append(Conv2D(inputChannels: inChannels, outputChannels: hiddenChannels, kernelSize: 4, stride: 2, padding: 1, using: &generator))
            modules.append(ReLU())
            inChannels = hiddenChannels
            size /= 2
        }
        modules.append(Flatten())
        modules.append(Linear(inputSize: hiddenChannels * 16, outputSize: hiddenUnits, using: &generator))
        modules.append(ReLU())
        modules.append(Linear(inputSize: hiddenUnits, outputSize: 2 * latentCount, using: &generator))
        self.layers = Sequential(modules)
        self.latentCount = latentCount
        self.observationShape = [channels, imageSize, imageSize]
    }

    /// The layers' parameters, named as in one PyTorch `nn.Sequential`.
    public var children: [(name: String, module: any Module)] { layers.children }

    /// No parameters of its own.
    public var localParameters: [(name: String, parameter: Parameter)] { [] }

    /// The posterior for a batch `[batch, channels, imageSize, imageSize]`.
    public func callAsFunction(_ observations: Tensor) -> DiagonalGaussian {
        precondition(
            Array(observations.shape.dropFirst()) == observationShape,
            "ConvolutionalEncoder expects [batch] + \(observationShape), got \(observations.shape)")
        return DiagonalGaussian(concatenated: layers(observations))
    }

    /// Checks the arguments of ``init(imageSize:channels:latentCount:hiddenChannels:hiddenUnits:using:)`` without
    /// building anything.
    ///
    /// - Throws: ``ModelError`` if `imageSize` is not a power of two of at least 8, or a count is not positive.
    public static func validate(
        imageSize: Int, channels: Int = 1, latentCount: Int = 10, hiddenChannels: Int = 64, hiddenUnits: Int = 256
    ) throws {
        guard imageSize >= 8, imageSize & (imageSize - 1) == 0 else {
            throw ModelError("ConvolutionalEncoder needs a power-of-two image size of at least 8, got \(imageSize)")
        }
        guard channels > 0, latentCount > 0, hiddenChannels > 0, hiddenUnits > 0 else {
            throw ModelError("ConvolutionalEncoder needs positive channels, latents and widths")
        }
    }
}
