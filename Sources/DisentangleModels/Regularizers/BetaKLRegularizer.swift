import DisentangleTensor

/// β-VAE (Higgins et al. 2017): `β · KL(q(z|x) || p(z))`, averaged over the batch. β = 1 is the plain VAE.
public final class BetaKLRegularizer: Regularizer {
    /// The KL weight β.
    public let beta: Float

    /// `"vae"` for β = 1, else `"beta-vae"`.
    public var name: String { beta == 1 ? "vae" : "beta-vae" }

    /// Creates the regularizer; β must be non-negative and finite.
    public init(beta: Float = 1) throws {
        guard beta >= 0, beta.isFinite else { throw ModelError("beta must be non-negative and finite, got \(beta)") }
        self.beta = beta
    }

    /// `β · mean_batch Σ_d KL_d`.
    public func penalty(for input: RegularizerInput) -> RegularizerOutput {
        RegularizerOutput(penalty: input.meanKL * beta)
    }
}
