import DisentangleTensor
import Foundation

/// A batch of diagonal Gaussian distributions `N(mean, exp(logVariance))`, the posterior `q(z|x)` an encoder
/// produces. Both tensors have shape `[batch, latents]`.
public struct DiagonalGaussian {
    /// Means, `[batch, latents]`.
    public var mean: Tensor
    /// Log-variances, `[batch, latents]`.
    public var logVariance: Tensor

    /// Creates a batch of diagonal Gaussians; traps if the shapes differ or are not rank 2.
    public init(mean: Tensor, logVariance: Tensor) {
        precondition(
            mean.rank == 2 && mean.shape == logVariance.shape,
            "DiagonalGaussian needs mean and log-variance of equal shape [batch, latents], got \(mean.shape) and \(logVariance.shape)")
        self.mean = mean
        self.logVariance = logVariance
    }

    /// The batch size.
    public var batchSize: Int { mean.shape[0] }

    /// The number of latent dimensions.
    public var latentCount: Int { mean.shape[1] }

    /// A reparameterised sample `mean + exp(logVariance / 2) * ε`, `ε ~ N(0, I)`, differentiable in both
    /// parameters.
    public func sample(using generator: inout RandomGenerator) -> Tensor {
        let noise = Tensor.randomNormal(mean.shape, using: &generator)
        return mean + (logVariance * 0.5).exp() * noise
    }

    /// The log-density `log N(z; mean, exp(logVariance))` per element, `[batch, latents]`.
    public func logDensity(_ z: Tensor) -> Tensor {
        let normalisation = Float(Foundation.log(2 * Double.pi))
        return ((z - mean).squared() * (-logVariance).exp() + logVariance + normalisation) * -0.5
    }
}
