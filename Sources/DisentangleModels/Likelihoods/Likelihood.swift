import DisentangleTensor

/// The observation model `p(x|z)`: how decoder outputs score observations.
public protocol Likelihood: Sendable {
    /// The negative log-likelihood of each observation, summed over all its elements (pixels and channels),
    /// shape `[batch]`. `parameters` are the decoder's outputs, with the observations' shape.
    func negativeLogLikelihood(parameters: Tensor, observations: Tensor) -> Tensor

    /// The mean of `p(x|z)` (what reconstructions show), with the parameters' shape.
    func mean(parameters: Tensor) -> Tensor
}

extension Tensor {
    /// Sums every axis but the first: per-example totals, `[batch]`.
    func sumPerExample() -> Tensor {
        rank <= 1 ? self : sum(alongAxes: Array(1..<rank))
    }
}
