import DisentangleModels
import DisentangleNN
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// The trainer owns one tree of training state: the VAE's parameters including the regularizer's, the optimisers'
/// states in the same shape, the step and the generators, restored through one validated path.
@Suite("Training state")
struct TrainingStateTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/factor-vae-run")

    static let options = TrainingOptions(batchSize: 8, learningRate: 1e-3, seed: 9, checkpointEvery: 3, printEvery: 0)

    static func factorVAE(seed: UInt64) throws -> VAE {
        try makeVAE(seed: seed) { generator in
            try FactorVAERegularizer(gamma: 5, latentCount: 3, hiddenLayers: 2, hiddenWidth: 16, using: &generator)
        }
    }

    static func records(_ url: URL) throws -> [TrainingRecord] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(TrainingRecord.self, from: Data($0.utf8)) }
    }

    /// A copy of the fixture run that a test may change.
    static func copyOfFixture() throws -> URL {
        let directory = temporaryDirectory("old-checkpoint").appendingPathComponent("run")
        try FileManager.default.copyItem(at: fixture, to: directory)
        return directory
    }

    /// OpenBLAS's kernel set the fixture's `uninterrupted-log.jsonl` was recorded with (Debian's OpenBLAS on the
    /// project's Intel Xeon, model 207, which it does not recognise). Other kernels round matrix products
    /// differently, so the losses after the resume are compared bit for bit only under the same kernel set.
    static let recordedBLASCore = "Prescott"

    @Test func checkpointWrittenBeforeTheRegularizerJoinedTheTreeResumesBitForBit() throws {
        let directory = try Self.copyOfFixture()
        let trainer = try Trainer(
            vae: try Self.factorVAE(seed: 77), data: try InMemoryTrainingData(observations: toyObservations()),
            options: Self.options, configuration: TestConfiguration(name: "factor-vae"), runDirectory: directory)
        #expect(try trainer.resume() == 3)
        // The old checkpoint's names are the tree's: `regularizer.0.weight`, ...
        let saved = try Checkpoint<TestConfiguration>(contentsOf: directory.appendingPathComponent("checkpoints"))
        #expect(Set(saved.parameters.keys) == Set(trainer.vae.namedParameters().map(\.name)))
        for (name, parameter) in trainer.vae.namedParameters() { #expect(parameter.value.scalars == saved.parameters[name]!.scalars) }
        try trainer.train(until: 6)
        let expected = try Self.records(Self.fixture.appendingPathComponent("uninterrupted-log.jsonl"))
        let resumed = try Self.records(directory.appendingPathComponent("log.jsonl"))
        #expect(resumed.map(\.step) == Array(1...6))
        let discriminatorLosses = { (records: [TrainingRecord]) in records.map { $0.diagnostics["discriminator_loss"] ?? .nan } }
        if CPUKernels.blas == Self.recordedBLASCore {
            #expect(resumed.map(\.loss) == expected.map(\.loss))
            #expect(discriminatorLosses(resumed) == discriminatorLosses(expected))
        } else {
            // Steps 1-3 are the fixture's own log; steps 4-6 agree up to the kernels' rounding.
            #expect(resumed.prefix(3).map(\.loss) == expected.prefix(3).map(\.loss))
            for (a, b) in zip(resumed.map(\.loss) + discriminatorLosses(resumed), expected.map(\.loss) + discriminatorLosses(expected)) {
                #expect(abs(a - b) <= 1e-5 * abs(b), "\(a) vs \(b) (BLAS kernels \(CPUKernels.blas), recorded with \(Self.recordedBLASCore))")
            }
        }
    }

    @Test func aFailedResumeLeavesTheTrainerUntouched() throws {
        let directory = try Self.copyOfFixture()
        // Corrupt one optimiser entry of the discriminator: everything else in the checkpoint is fine.
        let stepDirectory = directory.appendingPathComponent("checkpoints/step-0000000003")
        let file = stepDirectory.appendingPathComponent("optimizer.safetensors")
        var state = OptimizerState(try SafeTensors(contentsOf: file))
        let key = try #require(state.tensors.keys.first { $0.hasPrefix("regularizer.exp_avg.") })
        state.tensors[key] = Tensor.zeros([1])
        var contents = state.safeTensors
        contents.metadata["checkpoint_step"] = "3"
        try contents.write(to: file)

        let trainer = try Trainer(
            vae: try Self.factorVAE(seed: 77), data: try InMemoryTrainingData(observations: toyObservations()),
            options: Self.options, configuration: TestConfiguration(name: "factor-vae"), runDirectory: directory)
        // Some state of its own (parameters, moments, generators, log lines); `trainStep` writes no checkpoint.
        try trainer.trainStep()
        try trainer.trainStep()
        let parameters = trainer.vae.stateDictionary()
        let optimizerState = trainer.optimizer.exportState()
        let regularizerState = try #require(trainer.regularizerOptimizer).exportState()
        let generators = (trainer.dataGenerator, trainer.noiseGenerator)
        let log = try Data(contentsOf: directory.appendingPathComponent("log.jsonl"))

        #expect {
            try trainer.resume()
        } throws: { error in
            "\(error)".contains(String(key.dropFirst("regularizer.".count)))
        }
        #expect(trainer.step == 2)
        for (name, value) in trainer.vae.stateDictionary() { #expect(value.scalars == parameters[name]!.scalars, "\(name) changed") }
        #expect(trainer.optimizer.exportState().tensors.mapValues(\.scalars) == optimizerState.tensors.mapValues(\.scalars))
        #expect(trainer.optimizer.exportState().metadata == optimizerState.metadata)
        #expect(trainer.regularizerOptimizer!.exportState().tensors.mapValues(\.scalars) == regularizerState.tensors.mapValues(\.scalars))
        #expect(trainer.dataGenerator == generators.0 && trainer.noiseGenerator == generators.1)
        #expect(try Data(contentsOf: directory.appendingPathComponent("log.jsonl")) == log)
    }

    @Test func theDiscriminatorIsTrainedWithTheOptionsSettings() throws {
        var options = Self.options
        options.discriminatorLearningRate = 2e-3
        options.discriminatorBeta1 = 0.25
        options.discriminatorBeta2 = 0.75
        let trainer = try Trainer(
            vae: try Self.factorVAE(seed: 1), data: try InMemoryTrainingData(observations: toyObservations()),
            options: options, configuration: TestConfiguration(name: "factor-vae"))
        let regularizerOptimizer = try #require(trainer.regularizerOptimizer)
        #expect(regularizerOptimizer.learningRate == 2e-3 && regularizerOptimizer.betas == (0.25, 0.75))
        // Each optimiser updates its own part of the tree, together all of it, once.
        let vaeNames = trainer.optimizer.namedParameters.map(\.name)
        let regularizerNames = regularizerOptimizer.namedParameters.map { "regularizer." + $0.name }
        #expect(vaeNames.allSatisfy { !$0.hasPrefix("regularizer.") })
        #expect(Set(vaeNames + regularizerNames) == Set(trainer.vae.namedParameters().map(\.name)))
        #expect(vaeNames.count + regularizerNames.count == trainer.vae.namedParameters().count)
        options.discriminatorBeta2 = 1
        #expect(throws: TrainingError.self) {
            try Trainer(
                vae: try Self.factorVAE(seed: 1), data: try InMemoryTrainingData(observations: toyObservations()),
                options: options, configuration: TestConfiguration(name: "factor-vae"))
        }
    }

    @Test func configurationsWrittenBeforeTheDiscriminatorSettingsDecodeWithTheirDefaults() throws {
        let old = #"{"batchSize": 8, "learningRate": 0.001, "beta1": 0.9, "beta2": 0.999, "seed": 9, "checkpointEvery": 3, "keepCheckpoints": 1, "printEvery": 0}"#
        let options = try JSONDecoder().decode(TrainingOptions.self, from: Data(old.utf8))
        var expected = Self.options
        expected.keepCheckpoints = 1  // stored in the old file; the default is now 2
        #expect(options == expected)
        #expect(try JSONDecoder().decode(TrainingOptions.self, from: JSONEncoder().encode(options)) == options)
    }
}
