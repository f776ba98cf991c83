import DisentangleNN
import DisentangleTensor
import Foundation
import Testing

/// Compares the library with PyTorch (float64 references rounded to float32, from
/// `Scripts/nn/make_parity_fixtures.py`) on the reference encoder with the deconv and spatial broadcast decoders.
@Suite("PyTorch parity", .serialized)
struct ParityTests {
    static let tolerance = 1e-4

    @Test func weightsFromPyTorchLoadWithTheirStoredTypes() throws {
        let weights = try ParityModels.fixture("parity_weights.safetensors")
        #expect(weights.storedTypes.values.allSatisfy { $0 == .f16 })
        var generator = RandomGenerator(seed: 0)
        let encoder = ParityModels.encoder(using: &generator)
        #expect(Set(encoder.namedParameters().map { "encoder." + $0.name }) == Set(weights.names.filter { $0.hasPrefix("encoder.") }))
        let io = try ParityModels.fixture("parity_io.safetensors")
        #expect(io["input"]?.shape == [4, 1, 32, 32])
    }

    @Test(arguments: ["deconv", "sbd"])
    func outputsAndGradientsMatch(decoder: String) throws {
        let io = try ParityModels.fixture("parity_io.safetensors")
        let expected = try ParityModels.fixture("parity_\(decoder)_vae.safetensors")
        let vae = try ParityModels.vae(decoder: decoder)
        let input = try #require(io["input"])
        let epsilon = try #require(io["epsilon"])

        let (loss, statistics, logits) = vae.loss(input, epsilon: epsilon)
        let outputError = max(
            ParityModels.relativeError(statistics.scalars, try #require(io["encoder_output"]).scalars),
            ParityModels.relativeError(logits.scalars, try #require(io["\(decoder).logits"]).scalars),
            ParityModels.relativeError([loss.scalar], try #require(io["\(decoder).loss"]).scalars))
        #expect(logits.shape == [4, 1, 32, 32])
        #expect(outputError < Self.tolerance)

        loss.backward()
        var gradientError = 0.0
        var worstGradient = ""
        for (name, parameter) in vae.namedParameters() {
            let gradient = try #require(parameter.gradient, "\(name) has no gradient")
            let reference = try #require(expected["grad.\(name)"], "fixture lacks \(name)")
            let error = ParityModels.relativeError(ParityModels.sampled(gradient), reference.scalars)
            // The whole tensor, through its norm and sum (the sum's tolerance is relative to the norm, since
            // a sum of mixed signs can be near zero).
            let summary = try #require(expected["grad_summary.\(name)"]).scalars
            let norm = gradient.withUnsafeScalars { $0.reduce(0.0) { $0 + Double($1) * Double($1) } }.squareRoot()
            let sum = gradient.withUnsafeScalars { $0.reduce(0.0) { $0 + Double($1) } }
            let normError = abs(norm - Double(summary[1])) / Double(summary[1])
            let sumError = abs(sum - Double(summary[0])) / (Double(summary[1]) * Double(gradient.count).squareRoot())
            let worst = max(error, normError, sumError)
            if worst > gradientError { (gradientError, worstGradient) = (worst, name) }
            #expect(worst < Self.tolerance, "\(name): relative error \(worst)")
        }
        #expect(vae.namedParameters().count * 3 + 1 == expected.names.count)
        print("parity \(decoder): outputs \(outputError), gradients \(gradientError) (\(worstGradient))")
    }

    @Test(arguments: ["deconv", "sbd"])
    func adamTrajectoryMatches(decoder: String) throws {
        let io = try ParityModels.fixture("parity_io.safetensors")
        let expected = try ParityModels.fixture("parity_\(decoder)_vae.safetensors")
        let vae = try ParityModels.vae(decoder: decoder)
        let input = try #require(io["input"])
        let epsilon = try #require(io["epsilon"])
        let adam = try Adam(for: vae, learningRate: 1e-3, betas: (0.9, 0.999), epsilon: 1e-5)
        var losses: [Float] = []
        for _ in 0..<3 {
            adam.zeroGradients()
            let loss = vae.loss(input, epsilon: epsilon).loss
            losses.append(loss.scalar)
            loss.backward()
            adam.step()
        }
        let lossError = ParityModels.relativeError(losses, try #require(expected["adam_losses"]).scalars)
        #expect(lossError < Self.tolerance)
        var parameterError = 0.0
        var worstParameter = ""
        for (name, parameter) in vae.namedParameters() {
            let reference = try #require(expected["adam.\(name)"])
            let error = ParityModels.relativeError(ParityModels.sampled(parameter.value), reference.scalars)
            if error > parameterError { (parameterError, worstParameter) = (error, name) }
            #expect(error < Self.tolerance, "\(name): relative error \(error)")
        }
        print("parity \(decoder) Adam x3: losses \(lossError), parameters \(parameterError) (\(worstParameter))")
    }
}
