import DisentangleModels
import DisentangleRuns
import Foundation
import Testing

@Suite("Run settings")
struct RunSettingsTests {
    private func decode(_ json: String) throws -> RunSettings {
        try JSONDecoder().decode(RunSettings.self, from: Data(json.utf8))
    }

    @Test func absentKeysKeepTheirDefaultsAndKeysAreTheFlagNames() throws {
        let settings = try decode(#"{"model": "factor-vae", "batch-size": 16, "learning-rate": 0.001, "tc-estimator": "mss"}"#)
        var expected = RunSettings()
        expected.model = .factorVAE
        expected.batchSize = 16
        expected.learningRate = 0.001
        expected.tcEstimator = .minibatchStratified
        #expect(settings == expected)
        var full = expected
        full.gamma = 3
        full.gaussianVariance = 0.5
        let encoded = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(full)) as? [String: Any])
        #expect(Set(encoded.keys) == [
            "model", "decoder", "encoder", "dataset", "steps", "batch-size", "seed", "latents", "learning-rate", "beta",
            "gamma", "capacity", "capacity-steps", "dip-lambda", "tc-estimator", "gaussian-variance", "checkpoint-every",
            "keep-checkpoints", "print-every", "discriminator-learning-rate", "discriminator-beta1", "discriminator-beta2",
        ])
        #expect(try JSONDecoder().decode(RunSettings.self, from: JSONEncoder().encode(full)) == full)
    }

    @Test func unknownKeysAndBadValuesAreNamed() throws {
        #expect {
            try decode(#"{"batchsize": 16}"#)
        } throws: { error in
            "\(error)".contains("unknown setting \"batchsize\"") && "\(error)".contains("batch-size")
        }
        #expect(throws: DecodingError.self) { try decode(#"{"model": "gan"}"#) }
    }

    @Test func gammaDefaultsPerObjective() throws {
        var settings = RunSettings()
        settings.model = .annealedVAE
        #expect(try settings.configuration().model.gamma == 1000)
        settings.model = .factorVAE
        #expect(try settings.configuration().model.gamma == 10)
        settings.gamma = 2.5
        #expect(try settings.configuration().model.gamma == 2.5)
    }

    @Test func configurationCarriesEverySetting() throws {
        var settings = RunSettings()
        settings.steps = 7
        settings.seed = 9
        settings.latents = 4
        settings.keepCheckpoints = 3
        settings.checkpointEvery = 2
        settings.discriminatorLearningRate = 2e-4
        settings.discriminatorBeta2 = 0.95
        let configuration = try settings.configuration()
        #expect(configuration.steps == 7 && configuration.dataset == "circles-32")
        #expect(configuration.model.observationShape == [1, 32, 32] && configuration.model.latentCount == 4)
        #expect(configuration.training.seed == 9 && configuration.training.keepCheckpoints == 3)
        #expect(configuration.training.checkpointEvery == 2)
        #expect(configuration.training.discriminatorLearningRate == 2e-4 && configuration.training.discriminatorBeta1 == 0.5)
        #expect(configuration.training.discriminatorBeta2 == 0.95)
    }

    @Test func invalidSettingsThrowWithoutBuildingANetwork() throws {
        var settings = RunSettings()
        settings.steps = 0
        #expect(throws: RunError.self) { try settings.configuration() }
        settings = RunSettings()
        settings.gaussianVariance = -1
        #expect(throws: ModelError.self) { try settings.configuration() }
        settings = RunSettings()
        settings.batchSize = 1
        #expect(throws: TrainingError.self) { try settings.configuration() }
        settings = RunSettings()
        settings.dataset = "no-such-dataset"
        #expect(throws: (any Error).self) { try settings.configuration() }
    }
}
