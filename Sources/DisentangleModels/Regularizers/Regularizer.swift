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
    /// encoder), as ``Regularizer/updateAuxiliary(with:using:)`` receives it.
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
/// A plain VAE is ``BetaKLRegularizer`` with β = 1. Regularizers are reference types because some own
/// auxiliary parameters and train them (FactorVAE's discriminator); a VAE holds one as `any Regularizer`,
/// so swapping the objective is one line.
public protocol Regularizer: AnyObject, Sendable {
    /// A short name for logs and configuration (for example `"beta-vae"`).
    var name: String { get }

    /// The penalty for a batch.
    func penalty(for input: RegularizerInput) -> RegularizerOutput

    /// Trains auxiliary parameters after the VAE's update; returns diagnostics. ``Trainer`` passes the step's input
    /// ``RegularizerInput/detached()``, so nothing computed here reaches the VAE's parameters. Regularizers without
    /// auxiliary parameters do nothing.
    func updateAuxiliary(with input: RegularizerInput, using generator: inout RandomGenerator) -> [String: Double]

    /// Parameters the regularizer owns (saved in checkpoints under `regularizer.`), if any.
    var auxiliaryModule: (any Module)? { get }

    /// The optimiser of those parameters (saved in checkpoints), if any.
    var auxiliaryOptimizer: (any Optimizer)? { get }
}

extension Regularizer {
    /// Does nothing: most regularizers own no parameters.
    public func updateAuxiliary(with input: RegularizerInput, using generator: inout RandomGenerator) -> [String: Double] {
        [:]
    }

    /// None: most regularizers own no parameters.
    public var auxiliaryModule: (any Module)? { nil }

    /// None: most regularizers own no parameters.
    public var auxiliaryOptimizer: (any Optimizer)? { nil }
}
