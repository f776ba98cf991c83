import DisentangleDatasets
import DisentangleModels
import DisentangleTensor
import Foundation

/// What a run directory's `config.json` holds: enough to rebuild the model and continue training.
public struct RunConfiguration: Codable, Sendable, Equatable {
    /// The model.
    public var model: VAESpecification
    /// The dataset: a catalog name (see `DatasetCatalog`) or a file specification (see ``DatasetSource``).
    public var dataset: String
    /// Optimisation and checkpoint settings.
    public var training: TrainingOptions
    /// The number of training steps requested.
    public var steps: Int
    /// A region of factor space training never sees (`x=0...9,y=0...9`, see `HeldOutRegion.box(specification:in:)`),
    /// or `nil` to train on the whole grid.
    public var heldOut: String?

    /// Creates a configuration.
    public init(model: VAESpecification, dataset: String, training: TrainingOptions, steps: Int, heldOut: String? = nil) {
        self.model = model
        self.dataset = dataset
        self.training = training
        self.steps = steps
        self.heldOut = heldOut
    }

    /// The training data: the dataset's whole grid (or all its images), or its tuples outside the held-out region.
    ///
    /// - Throws: ``RunError`` for a held-out region on a dataset without a full factor grid.
    public func trainingData() throws -> any TrainingData {
        let loaded = try DatasetSource.load(dataset)
        guard let heldOut else { return try loaded.trainingData() }
        guard case .grid(let grid) = loaded else {
            throw RunError("a held-out region needs a dataset with a full factor grid; '\(dataset)' has none")
        }
        return try GroundTruthTrainingData(grid, holdingOut: HeldOutRegion.box(specification: heldOut, in: grid))
    }

    /// Reads a configuration from a `config.json` file.
    public static func load(from url: URL) throws -> RunConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RunError("\(url.path) cannot be read: is \(url.deletingLastPathComponent().path) a run directory written by `disentangle train`?")
        }
        do {
            return try JSONDecoder().decode(RunConfiguration.self, from: data)
        } catch {
            throw RunError("\(url.path) is not a valid run configuration: \(error)")
        }
    }

    /// Writes the configuration to a `config.json` file atomically.
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: url)
    }
}
