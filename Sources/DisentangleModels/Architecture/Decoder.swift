import DisentangleNN
import DisentangleTensor

/// A network mapping a batch of latent codes to the parameters of `p(x|z)` (logits for a Bernoulli
/// likelihood, means for a Gaussian one), with the observations' shape.
///
/// Conformers are modules, so their parameters appear in a VAE's state dictionary under `decoder.`.
public protocol Decoder: Module {
    /// The number of latent dimensions.
    var latentCount: Int { get }

    /// The shape of one decoded observation, for example `[1, 64, 64]`.
    var observationShape: [Int] { get }

    /// Likelihood parameters `[batch] + observationShape` for latent codes `[batch, latentCount]`.
    func callAsFunction(_ latents: Tensor) -> Tensor
}
