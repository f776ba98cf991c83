import DisentangleNN
import DisentangleTensor

/// The deconvolutional decoder: `Linear(latents → 256)`, ReLU, reshape to `hiddenChannels × 2 × 2`, then 4×4
/// stride-2 transposed convolutions (padding 1, ReLU between them) doubling the size up to the image, the last one
/// producing the image channels.
///
/// With the defaults this is the deconv decoder of dfdazac/vaesbd (five transposed convolutions at 64×64) and of
/// the package's PyTorch parity fixtures (four at 32×32). Its state-dictionary names are those of one PyTorch
/// `nn.Sequential` (`0.weight` for the linear layer, `3.weight`, `5.weight`, ... for the transposed convolutions).
public final class DeconvDecoder: Decoder {
    /// All layers, in order.
    public let layers: Sequential
    /// The number of latent dimensions.
    public let latentCount: Int
    /// The shape of one decoded observation, `[channels, imageSize, imageSize]`.
    public let observationShape: [Int]

    /// Creates a decoder with PyTorch-default initialisation; `imageSize` must be a power of two, at least 4.
    public init(
        imageSize: Int, channels: Int = 1, latentCount: Int = 10, hiddenChannels: Int = 64,
        using generator: inout RandomGenerator
    ) throws {
        try Self.validate(imageSize: imageSize, channels: channels, latentCount: latentCount, hiddenChannels: hiddenChannels)
        var modules: [any Layer] = [
            Linear(inputSize: latentCount, outputSize: hiddenChannels * 4, using: &generator), ReLU(),
            Reshape([-1, hiddenChannels, 2, 2]),
        ]
        var size = 2
        while size < imageSize {
            let last = size * 2 == imageSize
            modules.append(ConvTranspose2D(
                inputChannels: hiddenChannels, outputChannels: last ? channels : hiddenChannels, kernelSize: 4, stride: 2,
                padding: 1, using: &generator))
            if !last { modules.append(ReLU()) }
            size *= 2
        }
        self.layers = Sequential(modules)
        self.latentCount = latentCount
        self.observationShape = [channels, imageSize, imageSize]
    }

    /// The layers' parameters, named as in one PyTorch `nn.Sequential`.
    public var children: [(name: String, module: any Module)] { layers.children }

    /// No parameters of its own.
    public var localParameters: [(name: String, parameter: Parameter)] { [] }

    /// Logits (or means) `[batch, channels, imageSize, imageSize]` for latents `[batch, latentCount]`.
    public func callAsFunction(_ latents: Tensor) -> Tensor {
        precondition(
            latents.rank == 2 && latents.shape[1] == latentCount,
            "DeconvDecoder expects [batch, \(latentCount)], got \(latents.shape)")
        return layers(latents)
    }

    /// Checks the arguments of ``init(imageSize:channels:latentCount:hiddenChannels:using:)`` without building
    /// anything.
    ///
    /// - Throws: ``ModelError`` if `imageSize` is not a power of two of at least 4, or a count is not positive.
    public static func validate(imageSize: Int, channels: Int = 1, latentCount: Int = 10, hiddenChannels: Int = 64) throws {
        guard imageSize >= 4, imageSize & (imageSize - 1) == 0 else {
            throw ModelError("DeconvDecoder needs a power-of-two image size of at least 4, got \(imageSize)")
        }
        guard channels > 0, latentCount > 0, hiddenChannels > 0 else {
            throw ModelError("DeconvDecoder needs positive channels and latents")
        }
    }
}
