import DisentangleDatasets
import DisentangleMetrics
import DisentangleModels
import DisentangleTensor

/// The representation of a trained model on a ground-truth dataset: factor classes are rendered into observations
/// by the dataset and encoded into posterior means by the model.
///
/// This is the `representation` closure the intervention-based scores (`BetaVAEScore`, `FactorVAEScore`) take,
/// and the way evaluation draws the codes the other metrics score.
public struct EncodedObservations {
    /// The dataset that renders observations.
    public let dataset: any GroundTruthDataset
    /// The model that encodes them.
    public let vae: VAE
    /// The number of observations encoded per batch.
    public let batchSize: Int
    /// The generator of the observations' nuisance variation (noise, colours), advanced once per call.
    public var nuisance: RandomGenerator

    /// Renders with `dataset`, encodes with `vae`; `nuisanceSeed` seeds the nuisance variation.
    ///
    /// - Throws: ``RunError`` if the model does not read the dataset's observations.
    public init(dataset: any GroundTruthDataset, vae: VAE, batchSize: Int = 256, nuisanceSeed: UInt64) throws {
        guard vae.observationShape == dataset.observationShape else {
            throw RunError("the model reads observations of shape \(vae.observationShape) but dataset \(dataset.name) renders \(dataset.observationShape)")
        }
        guard batchSize > 0 else { throw RunError("the encoding batch size must be positive, got \(batchSize)") }
        self.dataset = dataset
        self.vae = vae
        self.batchSize = batchSize
        self.nuisance = RandomGenerator(seed: nuisanceSeed)
    }

    /// The posterior means of the observations of `factors` (row-major class indices, one row per observation).
    public mutating func codes(for factors: FactorClasses) throws -> CodeMatrix {
        let observations = try dataset.observations(for: factors, using: &nuisance)
        return try CodeMatrix(vae.posteriorParameters(of: observations, batchSize: batchSize).mean)
    }

    /// The posterior means of the observations of `factors`, and the model's reconstruction NLL and KL on the
    /// same observations (decoding the posterior means; `VAE.evaluation(of:posterior:batchSize:)`).
    public mutating func codesAndEvaluation(for factors: FactorClasses) throws -> (codes: CodeMatrix, evaluation: VAEEvaluation) {
        let observations = try dataset.observations(for: factors, using: &nuisance)
        let posterior = try vae.posteriorParameters(of: observations, batchSize: batchSize)
        let evaluation = try vae.evaluation(of: observations, posterior: posterior, batchSize: batchSize)
        return (try CodeMatrix(posterior.mean), evaluation)
    }

    /// The posterior means of the observations of factor rows, each a class index per factor.
    public mutating func codes(for rows: [[Int]]) throws -> CodeMatrix {
        try codes(for: FactorClasses(rows: rows))
    }
}
