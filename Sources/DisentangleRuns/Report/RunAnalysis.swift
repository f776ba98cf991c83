import Foundation
import DisentangleDatasets
import DisentangleModels
import DisentangleTensor

/// What the pictures of one trained model are made from: held samples of its dataset, their posterior, and the
/// latents ordered by how much the model uses them.
public struct RunAnalysis {
    /// The model.
    public let vae: VAE
    /// The dataset the samples come from.
    public let dataset: any GroundTruthDataset
    /// The held samples (uniformly sampled factors, a fixed seed).
    public let held: Batch
    /// The posterior of every held sample.
    public let posterior: PosteriorParameters
    /// The reconstruction term and the KL per latent, averaged over the held samples.
    public let evaluation: VAEEvaluation
    /// The mean posterior variance per latent over the held samples (near 1 for latents the model does not use).
    public let meanVariance: [Double]
    /// The latents from the largest mean KL to the smallest (ties: lower variance first): the ones the model uses
    /// come first.
    public let latentsByKL: [Int]

    /// Encodes `sampleCount` observations of `dataset` sampled with `seed`. Throws if the model does not fit the
    /// dataset's observations or `sampleCount` is below 2.
    public init(vae: VAE, dataset: any GroundTruthDataset, sampleCount: Int = 1000, seed: UInt64 = 0) throws {
        guard sampleCount >= 2 else { throw RunError("the report needs at least 2 held samples, got \(sampleCount)") }
        var generator = RandomGenerator(seed: seed)
        try self.init(vae: vae, dataset: dataset, held: try dataset.sample(count: sampleCount, using: &generator))
    }

    /// Encodes the given observations of `dataset` (such as a full grid of factor classes). Throws if the model does
    /// not fit the dataset's observations or there are fewer than 2.
    public init(vae: VAE, dataset: any GroundTruthDataset, held: Batch) throws {
        guard held.count >= 2 else { throw RunError("the report needs at least 2 held samples, got \(held.count)") }
        guard dataset.observationShape == vae.observationShape else {
            throw RunError("the model reads \(vae.observationShape) but \(dataset.name) has observations of shape \(dataset.observationShape)")
        }
        let posterior = try vae.posteriorParameters(of: held.observations)
        let evaluation = try vae.evaluation(of: held.observations, posterior: posterior)
        let variance = posterior.meanVariance
        let kl = evaluation.klPerDimension
        self.vae = vae
        self.dataset = dataset
        self.held = held
        self.posterior = posterior
        self.evaluation = evaluation
        meanVariance = variance
        latentsByKL = kl.indices.sorted { a, b in
            kl[a] != kl[b] ? kl[a] > kl[b] : variance[a] != variance[b] ? variance[a] < variance[b] : a < b
        }
    }

    /// The posterior mean of held sample `index`.
    public func code(of index: Int) -> [Float] {
        (0..<vae.latentCount).map { posterior.mean[index, $0] }
    }

    /// The held samples' posterior means on latent `dimension`.
    func means(of dimension: Int) -> [Double] {
        (0..<held.count).map { Double(posterior.mean[$0, dimension]) }
    }

    /// The held samples' posterior variances on latent `dimension`.
    func variances(of dimension: Int) -> [Double] {
        (0..<held.count).map { exp(Double(posterior.logVariance[$0, dimension])) }
    }
}
