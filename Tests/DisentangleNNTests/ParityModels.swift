import DisentangleNN
import DisentangleTestSupport
import DisentangleTensor
import Foundation

/// The architectures of `Scripts/nn/make_parity_fixtures.py`, built from the library's layers.
enum ParityModels {
    static let latents = 10

    /// Conv(1->64, k4 s2 p1) ReLU x3 (32 -> 4), Flatten, Linear(1024->256) ReLU, Linear(256->20).
    static func encoder(using generator: inout RandomGenerator) -> Sequential {
        Sequential(
            Conv2D(inputChannels: 1, outputChannels: 64, kernelSize: 4, stride: 2, padding: 1, using: &generator), ReLU(),
            Conv2D(inputChannels: 64, outputChannels: 64, kernelSize: 4, stride: 2, padding: 1, using: &generator), ReLU(),
            Conv2D(inputChannels: 64, outputChannels: 64, kernelSize: 4, stride: 2, padding: 1, using: &generator), ReLU(),
            Flatten(), Linear(inputSize: 1024, outputSize: 256, using: &generator), ReLU(),
            Linear(inputSize: 256, outputSize: 2 * latents, using: &generator))
    }

    /// Linear(10->256) ReLU, view(-1, 64, 2, 2), ConvT(64->64, k4 s2 p1) ReLU x3, ConvT(64->1, k4 s2 p1).
    static func deconvDecoder(using generator: inout RandomGenerator) -> Sequential {
        Sequential(
            Linear(inputSize: latents, outputSize: 256, using: &generator), ReLU(), Reshape([-1, 64, 2, 2]),
            ConvTranspose2D(inputChannels: 64, outputChannels: 64, kernelSize: 4, stride: 2, padding: 1, using: &generator), ReLU(),
            ConvTranspose2D(inputChannels: 64, outputChannels: 64, kernelSize: 4, stride: 2, padding: 1, using: &generator), ReLU(),
            ConvTranspose2D(inputChannels: 64, outputChannels: 64, kernelSize: 4, stride: 2, padding: 1, using: &generator), ReLU(),
            ConvTranspose2D(inputChannels: 64, outputChannels: 1, kernelSize: 4, stride: 2, padding: 1, using: &generator))
    }

    /// Tiles z to 40x40, appends x (along width) and y (along height) coordinates from linspace(-1, 1, 40), then
    /// four unpadded 3x3 convolutions with ReLU (40 -> 32) and a 1x1 convolution to one channel.
    final class SpatialBroadcastDecoder: Layer {
        let convs: Sequential
        let grid = 40

        init(using generator: inout RandomGenerator) {
            convs = Sequential(
                Conv2D(inputChannels: latents + 2, outputChannels: 64, kernelSize: 3, using: &generator), ReLU(),
                Conv2D(inputChannels: 64, outputChannels: 64, kernelSize: 3, using: &generator), ReLU(),
                Conv2D(inputChannels: 64, outputChannels: 64, kernelSize: 3, using: &generator), ReLU(),
                Conv2D(inputChannels: 64, outputChannels: 64, kernelSize: 3, using: &generator), ReLU(),
                Conv2D(inputChannels: 64, outputChannels: 1, kernelSize: 1, using: &generator))
        }

        func callAsFunction(_ z: Tensor) -> Tensor {
            let n = z.shape[0]
            let tiled = z.reshaped([n, latents, 1, 1]).expanded(to: [n, latents, grid, grid])
            let line = Tensor.linspace(-1, 1, count: grid)
            let x = line.reshaped([1, 1, 1, grid]).expanded(to: [n, 1, grid, grid])
            let y = line.reshaped([1, 1, grid, 1]).expanded(to: [n, 1, grid, grid])
            return convs(Tensor.concatenate([tiled, x, y], alongAxis: 1))
        }
    }

    /// An encoder and a decoder, named `encoder.*` and `decoder.*` as in the script's `VAE` module.
    final class VAE: Module {
        let encoder: Sequential
        let decoder: any Layer

        init(encoder: Sequential, decoder: any Layer) {
            self.encoder = encoder
            self.decoder = decoder
        }

        /// The Bernoulli-VAE loss: BCE-with-logits summed over pixels and averaged over the batch, plus the KL
        /// divergence to N(0, I) averaged over the batch, with z = mu + exp(logvar / 2) * epsilon.
        func loss(_ x: Tensor, epsilon: Tensor) -> (loss: Tensor, statistics: Tensor, logits: Tensor) {
            let statistics = encoder(x)
            let parts = statistics.split(sizes: [latents, latents], alongAxis: 1)
            let (mu, logVariance) = (parts[0], parts[1])
            let z = mu + (logVariance * 0.5).exp() * epsilon
            let logits = decoder(z)
            let batch = Float(x.shape[0])
            let reconstruction = binaryCrossEntropyWithLogits(logits: logits, targets: x, reduction: .sum) / batch
            let kl = ((mu.squared() + logVariance.exp() - logVariance - 1).sum() * 0.5) / batch
            return (reconstruction + kl, statistics, logits)
        }
    }

    /// Reads a fixture file.
    static func fixture(_ name: String) throws -> SafeTensors {
        try TestFixtures.safeTensors(name)
    }

    /// The tensors of `file` whose names start with `prefix.`, with the prefix removed.
    static func subset(_ file: SafeTensors, prefix: String) -> SafeTensors {
        var result = SafeTensors()
        for name in file.names where name.hasPrefix(prefix + ".") {
            result[String(name.dropFirst(prefix.count + 1))] = file[name]
        }
        return result
    }

    /// A VAE with the fixture weights: `decoder` is `deconv` or `sbd`.
    static func vae(decoder: String) throws -> VAE {
        let weights = try fixture("parity_weights.safetensors")
        var generator = RandomGenerator(seed: 0)
        let encoder = encoder(using: &generator)
        let decoderModule: any Layer = decoder == "sbd"
            ? SpatialBroadcastDecoder(using: &generator) : deconvDecoder(using: &generator)
        try encoder.load(subset(weights, prefix: "encoder"))
        try decoderModule.load(subset(weights, prefix: decoder))
        return VAE(encoder: encoder, decoder: decoderModule)
    }

    /// The fixture's view of a tensor: every element if it has at most 8192, else 1024 elements at indices
    /// `i * (count / 1024)`.
    static func sampled(_ tensor: Tensor) -> [Float] {
        let scalars = tensor.scalars
        guard scalars.count > 8192 else { return scalars }
        let step = scalars.count / 1024
        return (0..<1024).map { scalars[$0 * step] }
    }

    /// max |a - b| / max |b|.
    static func relativeError(_ actual: [Float], _ expected: [Float]) -> Double {
        precondition(actual.count == expected.count, "comparing \(actual.count) values with \(expected.count)")
        var difference = 0.0
        var scale = 0.0
        for (a, b) in zip(actual, expected) {
            difference = max(difference, abs(Double(a) - Double(b)))
            scale = max(scale, abs(Double(b)))
        }
        return scale == 0 ? difference : difference / scale
    }
}
