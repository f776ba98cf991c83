import DisentangleTensor

/// The prior `p(z)` of a VAE.
public protocol Prior: Sendable {
    /// `KL(q(z|x) || p(z))` per example and latent dimension, `[batch, latents]`, differentiable in the
    /// posterior's parameters.
    func klDivergence(from posterior: DiagonalGaussian) -> Tensor

    /// The log-density `log p(z)` per element, `[batch, latents]`.
    func logDensity(_ z: Tensor) -> Tensor

    /// `count` samples of dimension `latentCount`, `[count, latentCount]`.
    func sample(count: Int, latentCount: Int, using generator: inout RandomGenerator) -> Tensor
}
