import DisentangleModels
import DisentangleNN
import DisentangleTensor
import Foundation
import Testing

@Suite("Encoders and decoders at image sizes that are not powers of two")
struct ImageSizeTests {
    private func shapes(_ module: any Module) -> [String: [Int]] {
        Dictionary(uniqueKeysWithValues: module.namedParameters().map { ($0.name, $0.parameter.value.shape) })
    }

    @Test("every encoder and decoder maps [n, c, s, s] to latents and back to [n, c, s, s]", arguments: [10, 28, 96])
    func roundTrip(size: Int) throws {
        for decoder in VAESpecification.DecoderKind.allCases {
            for encoder in VAESpecification.EncoderKind.allCases {
                var generator = RandomGenerator(seed: 1)
                let spec = VAESpecification(observationShape: [1, size, size], latentCount: 3, encoder: encoder, decoder: decoder)
                let vae = try spec.makeVAE(using: &generator)
                let posterior = vae.encoder(Tensor.zeros([2, 1, size, size]))
                #expect(posterior.mean.shape == [2, 3], "\(encoder) at \(size)")
                #expect(vae.decoder(Tensor.zeros([2, 3])).shape == [2, 1, size, size], "\(decoder) at \(size)")
            }
        }
    }

    @Test("the convolutional encoder halves (rounding down) while larger than 4 and sizes its head to the end")
    func encoderLayers() throws {
        var generator = RandomGenerator(seed: 0)
        let expected: [(size: Int, convolutions: Int, side: Int)] = [(28, 3, 3), (96, 5, 3), (64, 4, 4), (32, 3, 4), (10, 2, 2)]
        for (size, convolutions, side) in expected {
            let encoder = try ConvolutionalEncoder(imageSize: size, channels: 1, latentCount: 4, hiddenChannels: 8, hiddenUnits: 16, using: &generator)
            let parameters = shapes(encoder)
            let head = 2 * convolutions + 1
            #expect(parameters["\(2 * (convolutions - 1)).weight"] == [8, convolutions == 1 ? 1 : 8, 4, 4], "\(size)")
            #expect(parameters["\(head).weight"] == [16, 8 * side * side], "\(size): Linear(8 · \(side)² → 16)")
        }
        #expect(throws: ModelError.self) { try ConvolutionalEncoder(imageSize: 7, using: &generator) }
    }

    @Test("the deconv decoder starts at 2 or 3 and crops only when doubling overshoots")
    func decoderLayers() throws {
        var generator = RandomGenerator(seed: 0)
        let expected: [(size: Int, start: Int, doublings: Int, cropped: Bool)] = [
            (64, 2, 5, false), (32, 2, 4, false), (96, 3, 5, false), (28, 2, 4, true), (4, 2, 1, false), (5, 3, 1, true),
        ]
        for (size, start, doublings, cropped) in expected {
            let decoder = try DeconvDecoder(imageSize: size, channels: 2, latentCount: 3, hiddenChannels: 4, using: &generator)
            #expect(shapes(decoder)["0.weight"] == [4 * start * start, 3], "\(size)")
            #expect(decoder.layers.layers.filter { $0 is ConvTranspose2D }.count == doublings, "\(size)")
            #expect((decoder.layers.layers.last is CenterCrop) == cropped, "\(size)")
            #expect(decoder(Tensor.zeros([1, 3])).shape == [1, 2, size, size])
        }
        #expect(throws: ModelError.self) { try DeconvDecoder(imageSize: 3, using: &generator) }
    }

    @Test("the reference architectures keep their parameter names and shapes at 32 and 64")
    func referenceUnchanged() throws {
        var generator = RandomGenerator(seed: 0)
        let encoder = try ConvolutionalEncoder(imageSize: 64, channels: 3, latentCount: 10, using: &generator)
        #expect(shapes(encoder) == [
            "0.weight": [64, 3, 4, 4], "0.bias": [64], "2.weight": [64, 64, 4, 4], "2.bias": [64], "4.weight": [64, 64, 4, 4],
            "4.bias": [64], "6.weight": [64, 64, 4, 4], "6.bias": [64], "9.weight": [256, 1024], "9.bias": [256],
            "11.weight": [20, 256], "11.bias": [20],
        ])
        let decoder = try DeconvDecoder(imageSize: 32, channels: 1, latentCount: 10, using: &generator)
        #expect(shapes(decoder) == [
            "0.weight": [256, 10], "0.bias": [256], "3.weight": [64, 64, 4, 4], "3.bias": [64], "5.weight": [64, 64, 4, 4],
            "5.bias": [64], "7.weight": [64, 64, 4, 4], "7.bias": [64], "9.weight": [64, 1, 4, 4], "9.bias": [1],
        ])
    }

    @Test("non-square observations are rejected up front with a clear error")
    func nonSquare() {
        var generator = RandomGenerator(seed: 0)
        do {
            _ = try VAESpecification(observationShape: [3, 5, 4]).makeVAE(using: &generator)
            Issue.record("a 5 x 4 observation was accepted")
        } catch {
            #expect("\(error)".contains("square images), got [3, 5, 4]"))
        }
    }

    @Test("a centre crop passes the gradient to the kept pixels only")
    func cropGradient() {
        let input = Tensor(shape: [1, 1, 5, 4], scalars: (0..<20).map(Float.init)).requiringGradient()
        let crop = CenterCrop(height: 2, width: 3)
        let output = crop(input)
        #expect(output.scalars == [4, 5, 6, 8, 9, 10])  // rows 1-2, columns 0-2 (the smaller half on top and left)
        let weights = Tensor(shape: [1, 1, 2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let gradient = gradients(of: (output * weights).sum(), wrt: [input])[0]
        #expect(gradient.scalars == [0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }
}
