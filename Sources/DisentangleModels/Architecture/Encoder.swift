import DisentangleNN
import DisentangleTensor

/// A network mapping a batch of observations to a diagonal Gaussian posterior `q(z|x)`.
///
/// Conformers are modules, so their parameters appear in a VAE's state dictionary under `encoder.`.
public protocol Encoder: Module {
    /// The number of latent dimensions.
    var latentCount: Int { get }

    /// The shape of one observation, for example `[1, 64, 64]`.
    var observationShape: [Int] { get }

    /// The posterior for a batch of observations `[batch] + observationShape`.
    func callAsFunction(_ observations: Tensor) -> DiagonalGaussian
}

extension DiagonalGaussian {
    /// Splits a `[batch, 2 · latents]` output into means (the first half) and log-variances (the second half),
    /// the convention of disentanglement_lib and most PyTorch implementations.
    public init(concatenated output: Tensor) {
        precondition(
            output.rank == 2 && output.shape[1] % 2 == 0,
            "a Gaussian encoder head must output [batch, 2 * latents], got \(output.shape)")
        let halves = output.chunked(into: 2, alongAxis: 1)
        self.init(mean: halves[0], logVariance: halves[1])
    }
}
