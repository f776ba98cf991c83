import DisentangleNN
import DisentangleTensor

/// A variational autoencoder composed of an ``Encoder``, a ``Decoder``, a ``Prior``, a ``Likelihood`` and a
/// ``Regularizer``.
///
/// The objective minimised at each step is `mean_batch NLL(x | decoder(z)) + regularizer penalty`, with
/// `z ~ q(z|x)` drawn by the reparameterisation trick. Every piece is swappable:
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let vae = try VAE(
///     encoder: ConvolutionalEncoder(imageSize: 32, channels: 1, latentCount: 10, using: &generator),
///     decoder: SpatialBroadcastDecoder(imageSize: 32, channels: 1, latentCount: 10, using: &generator),
///     regularizer: BetaKLRegularizer(beta: 4))           // or FactorVAERegularizer(...), BetaTCVAERegularizer(...)
/// ```
///
/// Its parameters are the encoder's, the decoder's and those the regularizer owns (a FactorVAE discriminator),
/// named `encoder.*`, `decoder.*` and `regularizer.*`: one tree, saved and restored as one. ``Trainer`` updates the
/// regularizer's part with its own optimiser.
public final class VAE: Module {
    /// The name prefix of the parameters the regularizer owns, `"regularizer."`.
    public static let regularizerPrefix = "regularizer."

    /// The encoder `q(z|x)`.
    public let encoder: any Encoder
    /// The decoder producing the parameters of `p(x|z)`.
    public let decoder: any Decoder
    /// The prior `p(z)`.
    public let prior: any Prior
    /// The observation model.
    public let likelihood: any Likelihood
    /// The objective's non-reconstruction term.
    public let regularizer: any Regularizer

    /// Composes a VAE; throws if the encoder and decoder disagree on the latent size or the observation shape.
    public init(
        encoder: any Encoder, decoder: any Decoder, prior: any Prior = StandardNormalPrior(),
        likelihood: any Likelihood = BernoulliLikelihood(), regularizer: any Regularizer
    ) throws {
        guard encoder.latentCount == decoder.latentCount else {
            throw ModelError("the encoder has \(encoder.latentCount) latents but the decoder \(decoder.latentCount)")
        }
        guard encoder.observationShape == decoder.observationShape else {
            throw ModelError(
                "the encoder reads observations of shape \(encoder.observationShape) but the decoder writes \(decoder.observationShape)")
        }
        self.encoder = encoder
        self.decoder = decoder
        self.prior = prior
        self.likelihood = likelihood
        self.regularizer = regularizer
    }

    /// The number of latent dimensions.
    public var latentCount: Int { encoder.latentCount }

    /// The shape of one observation.
    public var observationShape: [Int] { encoder.observationShape }

    /// Checks that `observations` is a batch `[batch] + observationShape` of finite values.
    public func validateObservations(_ observations: Tensor) throws {
        guard observations.rank == observationShape.count + 1, Array(observations.shape.dropFirst()) == observationShape else {
            throw ModelError("expected observations of shape [batch] + \(observationShape), got \(observations.shape)")
        }
        guard observations.isFinite else { throw ModelError("the observations contain NaN or infinite values") }
    }

    /// The posterior `q(z|x)` of a batch.
    public func encode(_ observations: Tensor) -> DiagonalGaussian {
        encoder(observations)
    }

    /// The mean of `p(x|z)` for latent codes `[batch, latentCount]`.
    public func decode(_ latents: Tensor) -> Tensor {
        likelihood.mean(parameters: decoder(latents))
    }

    /// Reconstructions of a batch: the mean of `p(x|z)` at the posterior means.
    public func reconstruct(_ observations: Tensor) -> Tensor {
        decode(encode(observations).mean)
    }

    /// One forward pass of the objective on a batch, with every diagnostic.
    ///
    /// - Parameters:
    ///   - observations: `[batch] + observationShape`.
    ///   - step: the training step (capacity schedules depend on it).
    ///   - datasetSize: the number of distinct training observations (β-TCVAE's estimators depend on it).
    ///   - generator: draws the reparameterisation noise.
    public func objective(
        _ observations: Tensor, step: Int, datasetSize: Int, using generator: inout RandomGenerator
    ) -> VAEObjective {
        let posterior = encoder(observations)
        let sample = posterior.sample(using: &generator)
        let parameters = decoder(sample)
        let reconstruction = likelihood.negativeLogLikelihood(parameters: parameters, observations: observations).mean()
        let klPerDimension = prior.klDivergence(from: posterior)
        let input = RegularizerInput(
            posterior: posterior, sample: sample, prior: prior, klPerDimension: klPerDimension, step: step,
            datasetSize: datasetSize)
        let regularization = regularizer.penalty(for: input)
        let loss = reconstruction + regularization.penalty
        let klMeans = klPerDimension.meanPerDimension
        return VAEObjective(
            loss: loss, reconstruction: Double(reconstruction.scalar), klPerDimension: klMeans,
            regularizerDiagnostics: regularization.diagnostics, regularizerInput: input, decoderOutput: parameters)
    }
}

/// The result of ``VAE/objective(_:step:datasetSize:using:)``: the differentiable loss and its parts.
public struct VAEObjective {
    /// The scalar loss to minimise (differentiable).
    public var loss: Tensor
    /// The batch-mean reconstruction negative log-likelihood, in nats.
    public var reconstruction: Double
    /// The batch-mean KL divergence to the prior, per latent dimension, in nats.
    public var klPerDimension: [Double]
    /// The regularizer's named diagnostics.
    public var regularizerDiagnostics: [String: Double]
    /// What the regularizer saw (for its auxiliary update).
    public var regularizerInput: RegularizerInput
    /// The decoder's output for the sampled latents.
    public var decoderOutput: Tensor

    /// The batch-mean total KL divergence.
    public var kl: Double { klPerDimension.reduce(0, +) }
}
