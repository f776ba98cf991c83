import DisentangleTensor
import Foundation

/// Independent Gaussian pixels with a fixed variance; the decoder outputs the means.
///
/// The negative log-likelihood is `Σ (x - μ)² / (2σ²) + (n/2) log(2πσ²)` per observation, summed over its `n`
/// elements (never a per-pixel mean, which would silently rescale the KL weight). disentanglement_lib's `l2_loss`
/// is `Σ (x - μ)²`, i.e. this with `σ² = 0.5`, up to the constant.
public struct GaussianLikelihood: Likelihood {
    /// The fixed variance σ² of every pixel.
    public let variance: Float

    /// Creates the likelihood; `variance` must be positive and finite.
    public init(variance: Float = 0.5) throws {
        guard variance > 0, variance.isFinite else {
            throw ModelError("GaussianLikelihood: variance must be positive and finite, got \(variance)")
        }
        self.variance = variance
    }

    /// `Σ (x - μ)² / (2σ²) + (n/2) log(2πσ²)` per observation.
    public func negativeLogLikelihood(parameters: Tensor, observations: Tensor) -> Tensor {
        precondition(
            parameters.shape == observations.shape,
            "GaussianLikelihood: decoder output \(parameters.shape) does not match observations \(observations.shape)")
        let elements = parameters.count / Swift.max(parameters.shape.first ?? 1, 1)
        let constant = 0.5 * Float(elements) * Float(Foundation.log(2 * Double.pi * Double(variance)))
        return (parameters - observations).squared().sumPerExample() * (1 / (2 * variance)) + constant
    }

    /// The decoder outputs themselves.
    public func mean(parameters: Tensor) -> Tensor {
        parameters
    }
}
