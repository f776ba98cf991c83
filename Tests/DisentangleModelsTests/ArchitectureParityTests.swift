import DisentangleModels
import DisentangleNN
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// The package's encoders and decoders against PyTorch, using the NN parity fixtures
/// (`Scripts/nn/make_parity_fixtures.py`): same weights, same input and noise, outputs within 1e-4 relative.
@Suite("Architectures against PyTorch")
struct ArchitectureParityTests {
    static func load(_ name: String) throws -> SafeTensors {
        try TestFixtures.safeTensors(name)
    }

    /// The entries of `weights` under `prefix.`, with the prefix removed.
    static func stateDictionary(_ weights: SafeTensors, prefix: String) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for name in weights.names where name.hasPrefix(prefix + ".") {
            result[String(name.dropFirst(prefix.count + 1))] = weights[name]
        }
        return result
    }

    static func relativeError(_ a: [Float], _ b: [Float]) -> Double {
        let scale = b.reduce(0.0) { Swift.max($0, Double(Swift.abs($1))) }
        return zip(a, b).reduce(0.0) { Swift.max($0, Double(Swift.abs($1.0 - $1.1))) } / Swift.max(scale, 1e-30)
    }

    @Test(arguments: ["deconv", "sbd", "sbd-plain"])
    func encoderAndDecoderMatchPyTorch(_ kind: String) throws {
        let weights = try Self.load("parity_weights.safetensors")
        let io = try Self.load("parity_io.safetensors")
        var generator = RandomGenerator(seed: 0)
        let encoder = try ConvolutionalEncoder(imageSize: 32, channels: 1, latentCount: 10, using: &generator)
        try encoder.loadStateDictionary(Self.stateDictionary(weights, prefix: "encoder"))
        let decoder: any Decoder
        switch kind {
        case "deconv":
            decoder = try DeconvDecoder(imageSize: 32, channels: 1, latentCount: 10, using: &generator)
            try decoder.loadStateDictionary(Self.stateDictionary(weights, prefix: "deconv"))
        default:
            decoder = try SpatialBroadcastDecoder(
                imageSize: 32, channels: 1, latentCount: 10, broadcastFirstLayer: kind == "sbd", using: &generator)
            try decoder.loadStateDictionary(Self.stateDictionary(weights, prefix: "sbd"))
        }
        let input = try #require(io["input"])
        let epsilon = try #require(io["epsilon"])
        let posterior = encoder(input)
        let statistics = Tensor.concatenate([posterior.mean, posterior.logVariance], alongAxis: 1)
        let encoderError = Self.relativeError(statistics.scalars, try #require(io["encoder_output"]).scalars)
        #expect(encoderError < 1e-4)
        let z = posterior.mean + (posterior.logVariance * 0.5).exp() * epsilon
        let logits = decoder(z)
        let name = kind == "deconv" ? "deconv" : "sbd"
        let decoderError = Self.relativeError(logits.scalars, try #require(io["\(name).logits"]).scalars)
        #expect(decoderError < 1e-4, "\(kind): decoder relative error \(decoderError)")
    }

    /// The broadcast shortcut of the first SBD layer computes the same function and gradients as the plain
    /// convolution, padded and unpadded.
    @Test(arguments: [false, true])
    func broadcastShortcutMatchesPlainConvolution(padded: Bool) throws {
        var g1 = RandomGenerator(seed: 3)
        var g2 = RandomGenerator(seed: 3)
        let fast = try SpatialBroadcastDecoder(imageSize: 12, channels: 2, latentCount: 5, width: 16, depth: 2, padded: padded, using: &g1)
        let plain = try SpatialBroadcastDecoder(
            imageSize: 12, channels: 2, latentCount: 5, width: 16, depth: 2, padded: padded, broadcastFirstLayer: false, using: &g2)
        var noise = RandomGenerator(seed: 4)
        let z = Tensor.randomNormal([3, 5], using: &noise).requiringGradient()
        let a = fast(z)
        let b = plain(z)
        #expect(a.shape == [3, 2, 12, 12])
        #expect(Self.relativeError(a.scalars, b.scalars) < 1e-5)
        let weights = Tensor.randomNormal(a.shape, using: &noise)
        let ga = gradients(of: (a * weights).sum(), wrt: [z, fast.convs.namedParameters()[0].parameter.value])
        let gb = gradients(of: (b * weights).sum(), wrt: [z, plain.convs.namedParameters()[0].parameter.value])
        #expect(Self.relativeError(ga[0].scalars, gb[0].scalars) < 1e-4)
        #expect(Self.relativeError(ga[1].scalars, gb[1].scalars) < 1e-4)
    }

    @Test func stateDictionaryNamesFollowPyTorch() throws {
        var generator = RandomGenerator(seed: 0)
        let vae = try VAE(
            encoder: ConvolutionalEncoder(imageSize: 64, channels: 3, latentCount: 10, using: &generator),
            decoder: SpatialBroadcastDecoder(imageSize: 64, channels: 3, latentCount: 10, using: &generator),
            regularizer: BetaKLRegularizer(beta: 4))
        let names = vae.namedParameters().map(\.name)
        #expect(names.first == "encoder.0.weight")
        #expect(names.contains("encoder.11.weight"))  // four convolutions at 64x64, then flatten and the head
        #expect(names.contains("decoder.convs.8.weight"))
        #expect(vae.decoder(Tensor.zeros([2, 10])).shape == [2, 3, 64, 64])
        #expect(throws: ModelError.self) {
            try VAE(
                encoder: ConvolutionalEncoder(imageSize: 32, using: &generator),
                decoder: DeconvDecoder(imageSize: 64, using: &generator), regularizer: BetaKLRegularizer())
        }
    }
}
