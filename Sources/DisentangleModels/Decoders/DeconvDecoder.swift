import DisentangleNN
import DisentangleTensor

/// The deconvolutional decoder: `Linear(latents → s² · hiddenChannels)`, ReLU, reshape to
/// `hiddenChannels × s × s`, then 4×4 stride-2 transposed convolutions (padding 1, ReLU between them) doubling the
/// size, the last one producing the image channels.
///
/// The start side `s` is 2 or 3: `s = ⌈imageSize / 2^k⌉` for the fewest doublings `k` that make it at most 3. Powers
/// of two start at 2 (the reference architecture, unchanged); 96 (SmallNORB) starts at 3 and ends exactly at 96;
/// sizes that doubling cannot reach end slightly larger and a `CenterCrop` keeps the centre (MNIST's 28: 2 → 32,
/// cropped by 2 pixels on every side).
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

    /// Creates a decoder with PyTorch-default initialisation; `imageSize` must be at least 4.
    public init(
        imageSize: Int, channels: Int = 1, latentCount: Int = 10, hiddenChannels: Int = 64,
        using generator: inout RandomGenerator
    ) throws {
        try Self.validate(imageSize: imageSize, channels: channels, latentCount: latentCount, hiddenChannels: hiddenChannels)
        var doublings = 0
        var start = imageSize
        while start > 3 {
            doublings += 1
            start = (imageSize + (1 << doublings) - 1) >> doublings
        }
        var modules: [any Layer] = [
            Linear(inputSize: latentCount, outputSize: hiddenChannels * start * start, using: &generator), ReLU(),
            Reshape([-1, hiddenChannels, start, start]),
        ]
        for doubling in 1...doublings {
            let last = doubling == doublings
            modules.append(ConvTranspose2D(
                inputChannels: hiddenChannels, outputChannels: last ? channels : hiddenChannels, kernelSize: 4, stride: 2,
                padding: 1, using: &generator))
            if !last { modules.append(ReLU()) }
        }
        if start << doublings != imageSize { modules.append(CenterCrop(height: imageSize, width: imageSize)) }
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
    /// - Throws: ``ModelError`` if `imageSize` is less than 4, or a count is not positive.
    public static func validate(imageSize: Int, channels: Int = 1, latentCount: Int = 10, hiddenChannels: Int = 64) throws {
        guard imageSize >= 4 else {
            throw ModelError("DeconvDecoder needs an image size of at least 4, got \(imageSize)")
        }
        guard channels > 0, latentCount > 0, hiddenChannels > 0 else {
            throw ModelError("DeconvDecoder needs positive channels and latents")
        }
    }
}
