import DisentangleNN
import DisentangleTensor

/// What a regularizer sees at a training step.
public struct RegularizerInput {
    /// The posterior `q(z|x)` of the batch.
    public var posterior: DiagonalGaussian
    /// The reparameterised sample `z ~ q(z|x)`, `[batch, latents]`.
    public var sample: Tensor
    /// The prior `p(z)`.
    public var prior: any Prior
    /// `KL(q(z|x) || p(z))` per example and dimension, `[batch, latents]`.
    public var klPerDimension: Tensor
    /// The training step (0 for the first update).
    public var step: Int
    /// The number of distinct training observations `N` (used by β-TCVAE's estimators).
    public var datasetSize: Int

    /// Creates a regularizer input.
    public init(
        posterior: DiagonalGaussian, sample: Tensor, prior: any Prior, klPerDimension: Tensor, step: Int,
        datasetSize: Int
    ) {
        self.posterior = posterior
        self.sample = sample
        self.prior = prior
        self.klPerDimension = klPerDimension
        self.step = step
        self.datasetSize = datasetSize
    }

    /// The batch mean of the total KL divergence, a scalar tensor.
    public var meanKL: Tensor {
        klPerDimension.sum(alongAxis: 1).mean()
    }

    /// The same input with every tensor cut from the VAE's graph (same values, no gradient path back to the
    /// encoder), as ``Regularizer/auxiliaryLoss(for:using:)`` receives it.
    public func detached() -> RegularizerInput {
        RegularizerInput(
            posterior: DiagonalGaussian(mean: posterior.mean.detached(), logVariance: posterior.logVariance.detached()),
            sample: sample.detached(), prior: prior, klPerDimension: klPerDimension.detached(), step: step,
            datasetSize: datasetSize)
    }
}

/// The regularizer's contribution to a step: a differentiable scalar added to the batch-mean negative
/// log-likelihood, and named diagnostics for the training log.
public struct RegularizerOutput {
    /// The scalar penalty (the objective minimises reconstruction NLL + penalty).
    public var penalty: Tensor
    /// Named diagnostic values (for example `"tc"`, `"capacity"`).
    public var diagnostics: [String: Double]

    /// Creates an output.
    public init(penalty: Tensor, diagnostics: [String: Double] = [:]) {
        self.penalty = penalty
        self.diagnostics = diagnostics
    }
}

/// The part of a VAE objective besides the reconstruction term: everything that involves the posterior,
/// the sample and the prior.
///
/// A plain VAE is ``BetaKLRegularizer`` with β = 1. A regularizer is a `Module` of the VAE, its child
/// `regularizer`: parameters it owns (FactorVAE's discriminator) are part of the VAE's parameter tree, named
/// `regularizer.*`, saved and restored with it. ``Trainer`` updates them after the VAE's update, with their own
/// optimiser (configured by ``TrainingOptions``), by minimising ``auxiliaryLoss(for:using:)``. A VAE holds its
/// regularizer as `any Regularizer`, so swapping the objective is one line.
public protocol Regularizer: Module {
    /// A short name for logs and configuration (for example `"beta-vae"`).
    var name: String { get }

    /// The penalty for a batch.
    func penalty(for input: RegularizerInput) -> RegularizerOutput

    /// The loss the regularizer's own parameters minimise after the VAE's update (in ``RegularizerOutput/penalty``),
    /// with diagnostics; `nil` for regularizers without parameters. ``Trainer`` passes the step's input
    /// ``RegularizerInput/detached()``, so nothing computed here reaches the VAE's encoder or decoder.
    func auxiliaryLoss(for input: RegularizerInput, using generator: inout RandomGenerator) -> RegularizerOutput?
}

extension Regularizer {
    /// None: most regularizers own no parameters.
    public func auxiliaryLoss(for input: RegularizerInput, using generator: inout RandomGenerator) -> RegularizerOutput? {
        nil
    }
}
