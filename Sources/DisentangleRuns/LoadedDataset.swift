import DisentangleDatasets
import DisentangleModels

/// What a `--dataset` string resolves to: a dataset with a full factor grid, or labelled (possibly unlabelled)
/// images whose labels do not form one.
public enum LoadedDataset: Sendable {
    /// A `GroundTruthDataset`: the catalog's datasets, dSprites, Shapes3D, MPI3D, SmallNORB, and arrays whose
    /// labels form a full grid. Every metric works on it.
    case grid(any GroundTruthDataset)
    /// Images with labels that are not a full grid (MNIST) or without labels: trainable, and metrics can be
    /// computed on observed samples against the labels.
    case labeled(LabeledImages)

    /// The dataset's name.
    public var name: String {
        switch self {
        case .grid(let dataset): dataset.name
        case .labeled(let images): images.name
        }
    }

    /// The shape of one observation, `[channels, height, width]`.
    public var observationShape: [Int] {
        switch self {
        case .grid(let dataset): dataset.observationShape
        case .labeled(let images): images.observationShape
        }
    }

    /// The factors (empty for unlabelled images).
    public var factors: [Factor] {
        switch self {
        case .grid(let dataset): dataset.factors
        case .labeled(let images): images.factors
        }
    }

    /// The source of training batches.
    ///
    /// - Throws: `TrainingError` for a dataset without images.
    public func trainingData() throws -> any TrainingData {
        switch self {
        case .grid(let dataset): GroundTruthTrainingData(dataset)
        case .labeled(let images): try LabeledImagesTrainingData(images)
        }
    }
}
