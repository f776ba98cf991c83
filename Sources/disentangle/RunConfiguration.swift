import ArgumentParser
import Disentangle
import Foundation

/// What a run directory's `config.json` holds: enough to rebuild the model and continue training.
struct RunConfiguration: Codable, Sendable, Equatable {
    /// The model.
    var model: VAESpecification
    /// The dataset name (see `disentangle datasets list`).
    var dataset: String
    /// Optimisation and checkpoint settings.
    var training: TrainingOptions
    /// The number of training steps requested.
    var steps: Int

    static let fileName = "config.json"

    /// Reads `RUN_DIR/config.json`.
    static func load(from run: URL) throws -> RunConfiguration {
        let url = run.appendingPathComponent(fileName)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ValidationError("\(url.path) cannot be read: is \(run.path) a run directory written by `disentangle train`?")
        }
        do {
            return try JSONDecoder().decode(RunConfiguration.self, from: data)
        } catch {
            throw ValidationError("\(url.path) is not a valid run configuration: \(error)")
        }
    }

    /// Writes `RUN_DIR/config.json` atomically.
    func save(to run: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: run.appendingPathComponent(Self.fileName))
    }

    /// The model of the latest checkpoint of a run, with its trained parameters.
    static func loadTrainedModel(from run: URL) throws -> (RunConfiguration, VAE) {
        let configuration = try load(from: run)
        var generator = RandomGenerator(seed: configuration.training.seed)
        let vae = try configuration.model.makeVAE(using: &generator)
        let checkpoint = try Checkpoint<RunConfiguration>(contentsOf: run.appendingPathComponent("checkpoints"))
        let own = checkpoint.parameters.filter { !$0.key.hasPrefix("regularizer.") }
        try vae.loadStateDictionary(own)
        return (configuration, vae)
    }
}


