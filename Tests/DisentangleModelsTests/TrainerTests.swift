import DisentangleModels
import DisentangleNN
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// Configuration saved with test checkpoints.
struct TestConfiguration: Codable, Sendable, Equatable {
    var name: String
}

/// Binary 4x4 "images" with one bright row chosen by the index: a two-factor toy dataset.
func toyObservations() -> Tensor {
    var scalars: [Float] = []
    for i in 0..<32 {
        var image = [Float](repeating: 0, count: 16)
        let row = i % 4
        let column = (i / 4) % 4
        for k in 0..<4 { image[row * 4 + k] = 1 }
        image[column] = 1
        scalars += image
    }
    return Tensor(shape: [32, 1, 4, 4], scalars: scalars)
}

func makeVAE(seed: UInt64, regularizer: (inout RandomGenerator) throws -> any Regularizer) throws -> VAE {
    var generator = RandomGenerator(seed: seed)
    let encoder = try MLPEncoder(observationShape: [1, 4, 4], latentCount: 3, hiddenSizes: [32], using: &generator)
    let decoder = try MLPDecoder(observationShape: [1, 4, 4], latentCount: 3, hiddenSizes: [32], using: &generator)
    return try VAE(encoder: encoder, decoder: decoder, regularizer: regularizer(&generator))
}

@Suite("Trainer")
struct TrainerTests {
    @Test func shortTrainingReducesTheLoss() throws {
        let vae = try makeVAE(seed: 1) { _ in try BetaKLRegularizer(beta: 1) }
        let data = try InMemoryTrainingData(observations: toyObservations())
        let trainer = try Trainer(
            vae: vae, data: data, options: TrainingOptions(batchSize: 16, learningRate: 3e-3, seed: 3, printEvery: 0),
            configuration: TestConfiguration(name: "toy"))
        var losses: [Double] = []
        trainer.onStep = { losses.append($0.loss) }
        try trainer.train(until: 150)
        let first = losses.prefix(10).reduce(0, +) / 10
        let last = losses.suffix(10).reduce(0, +) / 10
        #expect(last < 0.7 * first, "loss went from \(first) to \(last)")
    }

    /// A regularizer that records whether the tensors it is given for its auxiliary update are still attached to
    /// the VAE's graph.
    final class AttachmentProbe: Regularizer, @unchecked Sendable {
        var name: String { "probe" }
        var attached: [Bool] = []
        func penalty(for input: RegularizerInput) -> RegularizerOutput { RegularizerOutput(penalty: input.meanKL) }
        func auxiliaryLoss(for input: RegularizerInput, using generator: inout RandomGenerator) -> RegularizerOutput? {
            attached.append(input.sample.requiresGradient || input.posterior.mean.requiresGradient
                || input.posterior.logVariance.requiresGradient || input.klPerDimension.requiresGradient)
            return nil
        }
    }

    @Test func auxiliaryUpdatesReceiveDetachedLatents() throws {
        let probe = AttachmentProbe()
        let vae = try makeVAE(seed: 2) { _ in probe }
        let data = try InMemoryTrainingData(observations: toyObservations())
        let trainer = try Trainer(
            vae: vae, data: data, options: TrainingOptions(batchSize: 8, seed: 1, printEvery: 0),
            configuration: TestConfiguration(name: "probe"))
        var generator = RandomGenerator(seed: 0)
        let objective = vae.objective(toyObservations(), step: 0, datasetSize: 32, using: &generator)
        #expect(objective.regularizerInput.sample.requiresGradient, "the probe must be able to see an attached tensor")
        try trainer.train(until: 3)
        #expect(probe.attached == [false, false, false])
    }

    @Test(arguments: ["beta-vae", "factor-vae", "beta-tcvae"])
    func resumedRunMatchesUninterruptedRunBitForBit(_ kind: String) throws {
        func regularizer(_ generator: inout RandomGenerator) throws -> any Regularizer {
            switch kind {
            case "factor-vae": return try FactorVAERegularizer(gamma: 5, latentCount: 3, hiddenLayers: 2, hiddenWidth: 16, using: &generator)
            case "beta-tcvae": return try BetaTCVAERegularizer(beta: 4, estimator: .minibatchStratified)
            default: return try BetaKLRegularizer(beta: 4)
            }
        }
        let data = try InMemoryTrainingData(observations: toyObservations())
        let options = TrainingOptions(batchSize: 8, learningRate: 1e-3, seed: 9, checkpointEvery: 5, printEvery: 0)
        let straight = try Trainer(
            vae: try makeVAE(seed: 2, regularizer: regularizer), data: data, options: options,
            configuration: TestConfiguration(name: kind), runDirectory: temporaryDirectory("straight"))
        try straight.train(until: 12)

        let directory = temporaryDirectory("resumed")
        let first = try Trainer(
            vae: try makeVAE(seed: 2, regularizer: regularizer), data: data, options: options,
            configuration: TestConfiguration(name: kind), runDirectory: directory)
        try first.train(until: 7)  // checkpoint at 5 and at the end (7)
        // A fresh process: a differently initialised model, restored from the checkpoint.
        let second = try Trainer(
            vae: try makeVAE(seed: 99, regularizer: regularizer), data: data, options: options,
            configuration: TestConfiguration(name: kind), runDirectory: directory)
        #expect(try second.resume() == 7)
        try second.train(until: 12)

        let a = straight.vae.stateDictionary()
        let b = second.vae.stateDictionary()
        #expect(a.keys.sorted() == b.keys.sorted())
        for key in a.keys { #expect(a[key]!.scalars == b[key]!.scalars, "\(kind): \(key) differs") }
        // The discriminator is part of the VAE's parameter tree, so the comparison above covers it.
        #expect(a.keys.contains { $0.hasPrefix("regularizer.") } == (kind == "factor-vae"))
        // The log holds each step exactly once, with the same losses.
        let decoder = JSONDecoder()
        func records(_ url: URL) throws -> [TrainingRecord] {
            try String(contentsOf: url.appendingPathComponent("log.jsonl"), encoding: .utf8)
                .split(separator: "\n").map { try decoder.decode(TrainingRecord.self, from: Data($0.utf8)) }
        }
        let straightLog = try records(straight.runDirectory!)
        let resumedLog = try records(directory)
        #expect(resumedLog.map(\.step) == Array(1...12))
        #expect(resumedLog.map(\.loss) == straightLog.map(\.loss))
    }

    @Test func nonFiniteLossStopsWithAClearError() throws {
        let vae = try makeVAE(seed: 1) { _ in try BetaKLRegularizer(beta: 1) }
        var observations = toyObservations()
        observations.withUnsafeMutableScalars { $0[0] = 1e30 }
        let data = try InMemoryTrainingData(observations: observations)
        let directory = temporaryDirectory("nan")
        let trainer = try Trainer(
            vae: vae, data: data, options: TrainingOptions(batchSize: 32, learningRate: 1e-3, seed: 1, printEvery: 0),
            configuration: TestConfiguration(name: "nan"), runDirectory: directory)
        #expect {
            try trainer.train(until: 5)
        } throws: { error in
            "\(error)".contains("the loss became") && "\(error)".contains("nothing was written")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("checkpoints").path))
    }

    @Test func mismatchedDataIsRejected() throws {
        let vae = try makeVAE(seed: 1) { _ in try BetaKLRegularizer(beta: 1) }
        let data = try InMemoryTrainingData(observations: Tensor.zeros([10, 1, 5, 5]))
        #expect(throws: TrainingError.self) {
            try Trainer(vae: vae, data: data, options: TrainingOptions(batchSize: 4), configuration: TestConfiguration(name: ""))
        }
        #expect(throws: TrainingError.self) { try InMemoryTrainingData(observations: Tensor([Float.nan, 1])) }
    }
}

@Suite("FactorVAE")
struct FactorVAETests {
    @Test func permuteDimensionsKeepsEachColumnsMultiset() {
        var generator = RandomGenerator(seed: 4)
        let z = Tensor.randomNormal([50, 4], using: &generator)
        let permuted = FactorVAERegularizer.permuteDimensions(z, using: &generator)
        var anyMoved = false
        for j in 0..<4 {
            let before = (0..<50).map { z[$0, j] }
            let after = (0..<50).map { permuted[$0, j] }
            #expect(before.sorted() == after.sorted())
            if before != after { anyMoved = true }
        }
        #expect(anyMoved)
        // Rows are mixed across dimensions: not a single row permutation.
        let rowsBefore = Set((0..<50).map { i in (0..<4).map { z[i, $0] } })
        let rowsAfter = Set((0..<50).map { i in (0..<4).map { permuted[i, $0] } })
        #expect(rowsBefore != rowsAfter)
    }

    @Test func penaltyIsKLPlusGammaTimesTheLogitGap() throws {
        var generator = RandomGenerator(seed: 1)
        let regularizer = try FactorVAERegularizer(gamma: 3, latentCount: 2, hiddenLayers: 1, hiddenWidth: 4, using: &generator)
        // Zero weights and output bias (1, -1): every sample gets logits (1, -1), so TC = mean(1 - (-1)) = 2.
        for (name, parameter) in regularizer.discriminator.namedParameters() {
            parameter.assign(name == "2.bias" ? Tensor([1, -1]) : Tensor.zeros(parameter.shape))
        }
        let posterior = DiagonalGaussian(mean: Tensor(shape: [2, 2], scalars: [1, 0, 0, 0]), logVariance: Tensor.zeros([2, 2]))
        let input = RegularizerInput(
            posterior: posterior, sample: Tensor(shape: [2, 2], scalars: [0.3, -1, 2, 0.5]), prior: StandardNormalPrior(),
            klPerDimension: StandardNormalPrior().klDivergence(from: posterior), step: 0, datasetSize: 10)
        let out = regularizer.penalty(for: input)
        // KL: 0.5 · 1² for one dimension of one example, averaged over 2 examples = 0.25.
        #expect(Swift.abs(out.penalty.scalar - (0.25 + 3 * 2)) < 1e-6)
        #expect(out.diagnostics["total_correlation"] == 2)
        #expect(throws: ModelError.self) { try FactorVAERegularizer(gamma: -1, latentCount: 2, using: &generator) }
    }

    @Test func discriminatorLearnsAndGradientsDoNotLeak() throws {
        var generator = RandomGenerator(seed: 8)
        let regularizer = try FactorVAERegularizer(gamma: 10, latentCount: 2, hiddenLayers: 2, hiddenWidth: 32, using: &generator)
        let optimizer = try Adam(for: regularizer, learningRate: 1e-2, betas: (0.5, 0.9))
        // Strongly correlated latents: the joint is easy to tell from the product of marginals.
        var accuracies: [Double] = []
        for _ in 0..<150 {
            let u = Tensor.randomNormal([64, 1], using: &generator)
            let z = Tensor.concatenate([u, u + Tensor.randomNormal([64, 1], using: &generator) * 0.1], alongAxis: 1)
                .requiringGradient()
            let posterior = DiagonalGaussian(mean: z, logVariance: Tensor.zeros([64, 2]))
            let input = RegularizerInput(
                posterior: posterior, sample: z, prior: StandardNormalPrior(),
                klPerDimension: StandardNormalPrior().klDivergence(from: posterior), step: 0, datasetSize: 1000)
            let out = try #require(regularizer.auxiliaryLoss(for: input, using: &generator))
            optimizer.zeroGradients()
            out.penalty.backward()
            optimizer.step()
            accuracies.append(out.diagnostics["discriminator_accuracy"]!)
            // The discriminator's update must not deposit gradients on the (encoder-side) latents.
            #expect(z.gradient == nil)
        }
        #expect(accuracies.suffix(20).reduce(0, +) / 20 > 0.85)
        // After learning, the TC estimate on correlated latents is clearly positive.
        let u = Tensor.randomNormal([256, 1], using: &generator)
        let z = Tensor.concatenate([u, u], alongAxis: 1)
        let posterior = DiagonalGaussian(mean: z, logVariance: Tensor.zeros([256, 2]))
        let tc = regularizer.penalty(for: RegularizerInput(
            posterior: posterior, sample: z, prior: StandardNormalPrior(),
            klPerDimension: StandardNormalPrior().klDivergence(from: posterior), step: 0, datasetSize: 1000))
        #expect(tc.diagnostics["total_correlation"]! > 1)
    }
}

@Suite("Analysis helpers")
struct AnalysisTests {
    @Test func posteriorStatisticsTraversalsAndInterpolation() throws {
        let vae = try makeVAE(seed: 1) { _ in try BetaKLRegularizer(beta: 1) }
        let observations = toyObservations()
        let posterior = try vae.posteriorParameters(of: observations, batchSize: 5)
        #expect(posterior.mean.shape == [32, 3])
        // Batched encoding equals one-shot encoding.
        let direct = withoutGradients { vae.encode(observations) }
        #expect(close(posterior.mean.scalars, direct.mean.scalars))
        let variance = posterior.meanVariance
        let expected = (0..<3).map { j in (0..<32).reduce(0.0) { $0 + Double(direct.logVariance[$1, j]).exp() } / 32 }
        for j in 0..<3 { #expect(Swift.abs(variance[j] - expected[j]) < 1e-5) }
        #expect(posterior.dimensionsByInformativeness.sorted() == [0, 1, 2])
        let strip = try vae.traversal(around: [0, 0, 0], dimensions: [2, 0], values: [-2, 0, 2])
        #expect(strip.shape == [6, 1, 4, 4])
        // The middle of each row is the seed code itself.
        let seed = try vae.decodeAll(Tensor.zeros([1, 3]))
        #expect(close(strip.narrowed(alongAxis: 0, start: 1, length: 1).scalars, seed.scalars))
        let line = try vae.interpolation(from: [1, 1, 1], to: [-1, -1, -1], steps: 3)
        #expect(close(line.narrowed(alongAxis: 0, start: 1, length: 1).scalars, seed.scalars))
        #expect(throws: ModelError.self) { try vae.traversal(around: [0, 0], dimensions: [0], values: [1]) }
        #expect(throws: ModelError.self) { try vae.posteriorParameters(of: Tensor.zeros([2, 3])) }
    }
}

private extension Double {
    func exp() -> Double { Foundation.exp(self) }
}
