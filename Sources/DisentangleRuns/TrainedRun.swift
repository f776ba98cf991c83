import DisentangleDatasets
import DisentangleModels

/// A run's model restored from its latest checkpoint.
public struct TrainedRun {
    /// Where the run lives.
    public let directory: RunDirectory
    /// The run's configuration.
    public let configuration: RunConfiguration
    /// The model with the checkpoint's parameters.
    public let vae: VAE
    /// The number of training steps the checkpoint holds.
    public let step: Int

    /// The dataset the run was trained on, which must have a full factor grid (see ``DatasetSource/dataset(_:)``).
    public func dataset() throws -> any GroundTruthDataset {
        try DatasetSource.dataset(configuration.dataset)
    }

    /// The data the run was trained on, grid or not.
    public func loadedDataset() throws -> LoadedDataset {
        try DatasetSource.load(configuration.dataset)
    }
}
