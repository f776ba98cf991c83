import DisentangleTensor
import Foundation

/// β-TCVAE (Chen et al. 2018): the KL term decomposed into index-code mutual information, total correlation and
/// dimension-wise KL, with the total correlation weighted by β.
///
/// With `log q(z_i|x_j)` evaluated for every pair in the batch, the aggregate posterior is estimated by
/// - **minibatch-weighted sampling (MWS)**: `log q(z_i) ≈ logsumexp_j Σ_d log q(z_id|x_j) - log(N·M)` and
///   `log Π_d q(z_id) ≈ Σ_d [logsumexp_j log q(z_id|x_j) - log(N·M)]`, for a batch of `M` from `N` observations;
/// - **minibatch-stratified sampling (MSS)**: the same log-sum-exps with importance weights `w_ij` added:
///   `w_ii = 1/N` for the sample's own posterior, `w_ij = (N - M')/(N·M')` for one other batch member (the next
///   one, cyclically) and `1/M'` for the remaining `M' - 1`, where `M' = M - 1`. The weights of each row sum to 1,
///   and `Σ_j w_ij q(z_i|x_j)` is an unbiased estimate of `q(z_i)` when the other batch members are drawn
///   uniformly. (The widely copied `log_importance_weight_matrix` writes these weights into columns 0 and 1
///   instead of the diagonal and its neighbour; this implementation follows the formula.)
///
/// The penalty is `KL + (α-1)·MI + (β-1)·TC + (γ-1)·dimKL` with the analytic KL, which for α = γ = 1 is exactly
/// disentanglement_lib's β-TCVAE (`(β-1)·TC_MWS + KL`, whose dropped constant cancels within TC), and in
/// expectation equals the paper's `α·MI + β·TC + γ·dimKL`.
public final class BetaTCVAERegularizer: Regularizer {
    /// How the aggregate posterior is estimated from a minibatch.
    public enum Estimator: String, Sendable, Codable, CaseIterable {
        /// Minibatch-weighted sampling.
        case minibatchWeighted = "mws"
        /// Minibatch-stratified sampling.
        case minibatchStratified = "mss"
    }

    /// The total-correlation weight β.
    public let beta: Float
    /// The mutual-information weight α.
    public let alpha: Float
    /// The dimension-wise KL weight γ.
    public let gamma: Float
    /// The estimator of `log q(z)`.
    public let estimator: Estimator

    /// `"beta-tcvae"`.
    public var name: String { "beta-tcvae" }

    /// Creates the regularizer; weights must be non-negative and finite.
    public init(beta: Float = 6, alpha: Float = 1, gamma: Float = 1, estimator: Estimator = .minibatchWeighted) throws {
        for (label, value) in [("beta", beta), ("alpha", alpha), ("gamma", gamma)] where !(value >= 0 && value.isFinite) {
            throw ModelError("\(label) must be non-negative and finite, got \(value)")
        }
        self.beta = beta
        self.alpha = alpha
        self.gamma = gamma
        self.estimator = estimator
    }

    /// The log importance weights `log w_ij`, `[batch, batch]`, for a batch of `batchSize` from `datasetSize`
    /// observations (see the type's documentation). Needs `batchSize >= 2` and `datasetSize >= batchSize`.
    public static func stratifiedLogWeights(batchSize: Int, datasetSize: Int) -> Tensor {
        precondition(batchSize >= 2, "minibatch-stratified sampling needs a batch of at least 2, got \(batchSize)")
        precondition(datasetSize >= batchSize, "dataset size \(datasetSize) is smaller than the batch \(batchSize)")
        let n = Double(datasetSize)
        let m = Double(batchSize - 1)
        let stratum = Foundation.log((n - m) / (n * m))
        let own = Foundation.log(1 / n)
        let other = Foundation.log(1 / m)
        return Tensor(shape: [batchSize, batchSize]) { out in
            for i in 0..<batchSize {
                for j in 0..<batchSize {
                    let value: Double
                    if i == j {
                        value = own
                    } else if j == (i + 1) % batchSize {
                        value = stratum
                    } else {
                        value = other
                    }
                    out[i * batchSize + j] = Float(value)
                }
            }
        }
    }

    /// The terms of the decomposition, each averaged over the batch: `(mutualInformation, totalCorrelation,
    /// dimensionwiseKL)`, all differentiable.
    public func decomposition(for input: RegularizerInput) -> (mutualInformation: Tensor, totalCorrelation: Tensor, dimensionwiseKL: Tensor) {
        let z = input.sample
        let posterior = input.posterior
        let b = posterior.batchSize
        let d = posterior.latentCount
        // log q(z_i,d | x_j) for every pair: [b, b, d].
        let zi = z.reshaped([b, 1, d])
        let mean = posterior.mean.reshaped([1, b, d])
        let logVariance = posterior.logVariance.reshaped([1, b, d])
        let normalisation = Float(Foundation.log(2 * Double.pi))
        let pairwise = ((zi - mean).squared() * (-logVariance).exp() + logVariance + normalisation) * -0.5
        var joint = pairwise.sum(alongAxis: 2)  // [b, b]
        var perDimension = pairwise  // [b, b, d]
        let logConditional = posterior.logDensity(z).sum(alongAxis: 1)  // log q(z_i|x_i)
        let logPrior = input.prior.logDensity(z).sum(alongAxis: 1)
        let logQZ: Tensor
        let logProduct: Tensor
        switch estimator {
        case .minibatchWeighted:
            let shift = Float(Foundation.log(Double(input.datasetSize) * Double(b)))
            logQZ = joint.logSumExp(alongAxes: [1]) - shift
            logProduct = (perDimension.logSumExp(alongAxes: [1]) - shift).sum(alongAxis: 1)
        case .minibatchStratified:
            let logWeights = Self.stratifiedLogWeights(batchSize: b, datasetSize: input.datasetSize)
            joint = joint + logWeights
            perDimension = perDimension + logWeights.reshaped([b, b, 1])
            logQZ = joint.logSumExp(alongAxes: [1])
            logProduct = perDimension.logSumExp(alongAxes: [1]).sum(alongAxis: 1)
        }
        return (
            (logConditional - logQZ).mean(),
            (logQZ - logProduct).mean(),
            (logProduct - logPrior).mean()
        )
    }

    /// `KL + (α-1)·MI + (β-1)·TC + (γ-1)·dimKL`; diagnostics report the three estimated terms.
    public func penalty(for input: RegularizerInput) -> RegularizerOutput {
        let (mi, tc, dimKL) = decomposition(for: input)
        var penalty = input.meanKL + tc * (beta - 1)
        if alpha != 1 { penalty = penalty + mi * (alpha - 1) }
        if gamma != 1 { penalty = penalty + dimKL * (gamma - 1) }
        return RegularizerOutput(
            penalty: penalty,
            diagnostics: [
                "mutual_information": Double(mi.scalar), "total_correlation": Double(tc.scalar),
                "dimensionwise_kl": Double(dimKL.scalar),
            ])
    }
}
