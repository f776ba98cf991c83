import DisentangleDatasets

/// Resolves the `--dataset` strings of runs and the command line to datasets.
public enum DatasetSource {
    /// The dataset a specification names: a name from `DatasetCatalog`.
    public static func dataset(_ specification: String) throws -> any GroundTruthDataset {
        try DatasetCatalog.dataset(named: specification)
    }
}
