import DisentangleTensor

/// DIP-VAE (Kumar et al. 2018): KL plus a penalty pushing a covariance of the latents towards the identity,
/// `λ_od Σ_{i≠j} C_ij² + λ_d Σ_i (C_ii - 1)²`.
///
/// Variant I uses `C = Cov(μ)` (the covariance of the posterior means over the batch, population form);
/// variant II uses `C = Cov(μ) + diag(E[exp(log σ²)])`, the covariance of the aggregate posterior. Defaults follow
/// disentanglement_lib: `λ_d = 10 λ_od` for I and `λ_d = λ_od` for II.
public final class DIPVAERegularizer: Regularizer {
    /// Which covariance is regularised.
    public enum Variant: String, Sendable, Codable {
        /// The covariance of the posterior means.
        case i
        /// The covariance of the aggregate posterior.
        case ii
    }

    /// The variant.
    public let variant: Variant
    /// The off-diagonal weight λ_od.
    public let offDiagonalWeight: Float
    /// The diagonal weight λ_d.
    public let diagonalWeight: Float

    /// `"dip-vae-i"` or `"dip-vae-ii"`.
    public var name: String { variant == .i ? "dip-vae-i" : "dip-vae-ii" }

    /// Creates the regularizer. `diagonalWeight` defaults to `10 · offDiagonalWeight` for I and
    /// `offDiagonalWeight` for II.
    public init(variant: Variant, offDiagonalWeight: Float = 10, diagonalWeight: Float? = nil) throws {
        let diagonal = diagonalWeight ?? (variant == .i ? 10 * offDiagonalWeight : offDiagonalWeight)
        guard offDiagonalWeight >= 0, diagonal >= 0, offDiagonalWeight.isFinite, diagonal.isFinite else {
            throw ModelError("DIP-VAE weights must be non-negative and finite, got \(offDiagonalWeight) and \(diagonal)")
        }
        self.variant = variant
        self.offDiagonalWeight = offDiagonalWeight
        self.diagonalWeight = diagonal
    }

    /// The regularised covariance matrix `[latents, latents]` for a posterior batch.
    public func covariance(of posterior: DiagonalGaussian) -> Tensor {
        let mean = posterior.mean
        let n = Float(posterior.batchSize)
        let centered = mean - mean.mean(alongAxis: 0, keepingDimensions: true)
        var cov = centered.transposed().matmul(centered) * (1 / n)
        if variant == .ii {
            let expectedVariance = posterior.logVariance.exp().mean(alongAxis: 0)
            let d = posterior.latentCount
            cov = cov + Tensor.identity(d) * expectedVariance.reshaped([1, d])
        }
        return cov
    }

    /// KL (batch mean) plus the covariance penalty; diagnostics report both penalty parts.
    public func penalty(for input: RegularizerInput) -> RegularizerOutput {
        let cov = covariance(of: input.posterior)
        let d = cov.shape[0]
        let diagonalMask = Tensor.identity(d)
        let offDiagonal = (cov * (1 - diagonalMask)).squared().sum()
        let diagonal = ((cov - 1) * diagonalMask).squared().sum()
        let penalty = input.meanKL + offDiagonal * offDiagonalWeight + diagonal * diagonalWeight
        return RegularizerOutput(
            penalty: penalty,
            diagnostics: ["dip_off_diagonal": Double(offDiagonal.scalar), "dip_diagonal": Double(diagonal.scalar)])
    }
}
