import DisentangleTensor

/// Independent Bernoulli pixels parameterised by logits (disentanglement_lib's `bernoulli_loss`).
///
/// The negative log-likelihood is the binary cross-entropy with logits, summed over pixels. Targets may be
/// grey levels in [0, 1] (the "continuous targets" convention of every reference implementation).
public struct BernoulliLikelihood: Likelihood {
    /// Creates the likelihood.
    public init() {}

    /// Binary cross-entropy with logits, summed over each observation.
    public func negativeLogLikelihood(parameters: Tensor, observations: Tensor) -> Tensor {
        precondition(
            parameters.shape == observations.shape,
            "BernoulliLikelihood: decoder output \(parameters.shape) does not match observations \(observations.shape)")
        return binaryCrossEntropyWithLogits(logits: parameters, targets: observations, reduction: .none).sumPerExample()
    }

    /// `sigmoid(logits)`.
    public func mean(parameters: Tensor) -> Tensor {
        parameters.sigmoid()
    }
}
