import DisentangleTensor
import Foundation

/// The isotropic standard normal prior `N(0, I)`.
///
/// Its KL divergence from a diagonal Gaussian has the closed form
/// `0.5 * (μ² + σ² - log σ² - 1)` per dimension.
public struct StandardNormalPrior: Prior {
    /// Creates the prior.
    public init() {}

    /// `0.5 * (μ² + exp(logσ²) - logσ² - 1)` per example and dimension.
    public func klDivergence(from posterior: DiagonalGaussian) -> Tensor {
        (posterior.mean.squared() + posterior.logVariance.exp() - posterior.logVariance - 1) * 0.5
    }

    /// `-0.5 * (z² + log 2π)` per element.
    public func logDensity(_ z: Tensor) -> Tensor {
        (z.squared() + Float(Foundation.log(2 * Double.pi))) * -0.5
    }

    /// Standard normal draws.
    public func sample(count: Int, latentCount: Int, using generator: inout RandomGenerator) -> Tensor {
        Tensor.randomNormal([count, latentCount], using: &generator)
    }
}
