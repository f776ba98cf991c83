import DisentangleModels
import DisentangleNN
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// Training data that hand out a poisoned batch at one step (the dataset itself passed every check).
private struct PoisonedTrainingData: TrainingData {
    let clean: InMemoryTrainingData
    let poisonedStep: Int
    let poison: Float
    final class Counter: @unchecked Sendable { var batches = 0 }
    let counter = Counter()

    var observationShape: [Int] { clean.observationShape }
    var observationCount: Int { clean.observationCount }

    func batch(size: Int, using generator: inout RandomGenerator) throws -> Tensor {
        var batch = try clean.batch(size: size, using: &generator)
        counter.batches += 1
        if counter.batches == poisonedStep { batch.withUnsafeMutableScalars { $0[21] = poison } }
        return batch
    }
}

/// Numerical faults stop a run with a message naming the step and the tensor, and leave its last good checkpoint.
@Suite("Numerical faults")
struct NumericalFaultTests {
    let options = TrainingOptions(batchSize: 8, learningRate: 1e-3, seed: 4, checkpointEvery: 2, printEvery: 0)

    /// The step and finiteness of the newest checkpoint a run directory can resume from.
    func lastGoodCheckpoint(_ directory: URL) throws -> (step: Int, finite: Bool) {
        let recovered = try #require(try Checkpoint<TestConfiguration>.recoverNewest(from: directory.appendingPathComponent("checkpoints")))
        #expect(recovered.skipped.isEmpty)
        return (recovered.checkpoint.step, recovered.checkpoint.parameters.values.allSatisfy(\.isFinite))
    }

    @Test(arguments: [Float.nan, -Float.infinity])
    func nonFiniteDataStopTheRunNamingTheStepAndTheElement(_ poison: Float) throws {
        let data = PoisonedTrainingData(clean: try InMemoryTrainingData(observations: toyObservations()), poisonedStep: 6, poison: poison)
        let directory = temporaryDirectory("poisoned")
        let trainer = try Trainer(
            vae: try makeVAE(seed: 1) { _ in try BetaKLRegularizer(beta: 1) }, data: data, options: options,
            configuration: TestConfiguration(name: "poisoned"), runDirectory: directory)
        let error = try #require(throws: TrainingError.self) { try trainer.train(until: 10) }
        print("data holding \(poison): \(error)")
        #expect("\(error)".contains("step 6"))
        #expect("\(error)".contains("observations[1, 0, 1, 1] is \(poison)"), "\(error)")
        #expect(trainer.step == 5)
        let checkpoint = try lastGoodCheckpoint(directory)
        #expect(checkpoint.step == 4 && checkpoint.finite)
    }

    @Test func explodingLearningRateStopsTheRunNamingTheStepAndTheTensor() throws {
        // A learning rate of 10³⁰: Adam's steps are about the learning rate in size, so the parameters leave the
        // range of Float within a few steps. (Resuming restores the saved learning rate, so this is a fresh run.)
        var options = options
        options.learningRate = 1e30
        options.checkpointEvery = 1
        let directory = temporaryDirectory("exploding")
        let trainer = try Trainer(
            vae: try makeVAE(seed: 1) { _ in try BetaKLRegularizer(beta: 1) }, data: try InMemoryTrainingData(observations: toyObservations()),
            options: options, configuration: TestConfiguration(name: "exploding"), runDirectory: directory)
        let error = try #require(throws: TrainingError.self) { try trainer.train(until: 100) }
        print("learning rate 1e30: \(error)")
        let failedStep = trainer.step + 1
        #expect("\(error)".contains("at step \(failedStep) ("), "\(error)")
        #expect(["the loss", "the gradient of", "parameter"].contains { "\(error)".contains($0) }, "\(error)")
        #expect(failedStep > 1)
        // The checkpoint of the step before the fault stays readable and finite; none is written after it.
        let checkpoint = try lastGoodCheckpoint(directory)
        #expect(checkpoint.step == failedStep - 1 && checkpoint.finite)
    }

    /// An all-zero batch is valid data (a blank image): every objective must train on it with finite losses,
    /// rather than dividing by a zero batch statistic.
    @Test(arguments: ["beta-vae", "beta-tcvae", "dip-vae-i", "dip-vae-ii", "factor-vae", "annealed-vae"])
    func allZeroBatchesTrainWithFiniteLosses(_ kind: String) throws {
        func regularizer(_ generator: inout RandomGenerator) throws -> any Regularizer {
            switch kind {
            case "beta-tcvae": return try BetaTCVAERegularizer(beta: 6, estimator: .minibatchStratified)
            case "dip-vae-i": return try DIPVAERegularizer(variant: .i)
            case "dip-vae-ii": return try DIPVAERegularizer(variant: .ii)
            case "factor-vae": return try FactorVAERegularizer(gamma: 10, latentCount: 3, hiddenLayers: 2, hiddenWidth: 8, using: &generator)
            case "annealed-vae": return try CapacityAnnealedRegularizer(annealingSteps: 10)
            default: return try BetaKLRegularizer(beta: 4)
            }
        }
        let trainer = try Trainer(
            vae: try makeVAE(seed: 3, regularizer: regularizer), data: try InMemoryTrainingData(observations: Tensor.zeros([16, 1, 4, 4])),
            options: TrainingOptions(batchSize: 8, learningRate: 1e-3, seed: 1, printEvery: 0),
            configuration: TestConfiguration(name: kind))
        var losses: [Double] = []
        trainer.onStep = { losses.append($0.loss) }
        try trainer.train(until: 5)
        #expect(losses.count == 5 && losses.allSatisfy(\.isFinite), "\(kind): \(losses)")
    }
}
