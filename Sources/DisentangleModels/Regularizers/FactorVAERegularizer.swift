import DisentangleNN
import DisentangleTensor

/// FactorVAE (Kim & Mnih 2018): `KL + γ · TC`, with the total correlation estimated by a discriminator that tells
/// samples of `q(z)` from samples of `Π_j q(z_j)` (obtained by permuting each latent dimension across the batch).
///
/// - TC estimate: `mean(D(z)[:, 0] - D(z)[:, 1])`, the log-odds of "joint" (logit 0) over "permuted" (logit 1).
/// - Discriminator: an MLP of `hiddenLayers` LeakyReLU(0.2) layers of `hiddenWidth` units (6 × 1000 by default,
///   as disentanglement_lib) and a 2-logit output, trained to minimise ``auxiliaryLoss(for:using:)``,
///   `0.5 · [CE(D(z), 0) + CE(D(permute(z)), 1)]`, by the trainer's Adam for the regularizer (by default lr 1e-4,
///   betas 0.5/0.9; see ``TrainingOptions``).
/// - Its layers are the regularizer's children, named as one PyTorch `nn.Sequential` (`0.weight`, ...), so in a
///   ``VAE`` they are `regularizer.0.weight`, ...
/// - The trainer updates the discriminator after the VAE's step, on detached latents of the same batch
///   (disentanglement_lib's choice) with a fresh permutation, clearing its gradients before its own backward pass,
///   so nothing leaks between the two updates: the VAE's optimiser never sees the discriminator's parameters and
///   the discriminator's update never reaches the encoder.
///
/// Like every training-time object, it is not synchronised: train from one task at a time.
public final class FactorVAERegularizer: Regularizer {
    /// The total-correlation weight γ.
    public let gamma: Float
    /// The discriminator, `[batch, latents] -> [batch, 2]` logits.
    public let discriminator: Sequential

    /// `"factor-vae"`.
    public var name: String { "factor-vae" }

    /// Creates the regularizer and its discriminator.
    public init(
        gamma: Float = 10, latentCount: Int, hiddenLayers: Int = 6, hiddenWidth: Int = 1000,
        using generator: inout RandomGenerator
    ) throws {
        try Self.validate(gamma: gamma, latentCount: latentCount, hiddenLayers: hiddenLayers, hiddenWidth: hiddenWidth)
        var layers: [any Layer] = []
        var width = latentCount
        for _ in 0..<hiddenLayers {
            layers.append(Linear(inputSize: width, outputSize: hiddenWidth, using: &generator))
            layers.append(LeakyReLU(negativeSlope: 0.2))
            width = hiddenWidth
        }
        layers.append(Linear(inputSize: width, outputSize: 2, using: &generator))
        self.gamma = gamma
        self.discriminator = Sequential(layers)
    }

    /// The discriminator's layers, named as in one PyTorch `nn.Sequential` (`regularizer.0.weight` in a VAE, the
    /// names checkpoints have always used).
    public var children: [(name: String, module: any Module)] { discriminator.children }

    /// No parameters of its own.
    public var localParameters: [(name: String, parameter: Parameter)] { [] }

    /// Permutes each column of `[batch, latents]` independently across the batch (Algorithm 1 of the paper):
    /// every column keeps its multiset of values, the dependence between columns is destroyed.
    public static func permuteDimensions(_ z: Tensor, using generator: inout RandomGenerator) -> Tensor {
        precondition(z.rank == 2, "permuteDimensions expects [batch, latents], got \(z.shape)")
        let (b, d) = (z.shape[0], z.shape[1])
        let source = z.scalars
        var out = [Float](repeating: 0, count: b * d)
        for j in 0..<d {
            let order = generator.permutation(b)
            for i in 0..<b { out[i * d + j] = source[order[i] * d + j] }
        }
        return Tensor(shape: [b, d], scalars: out)
    }

    /// `KL + γ · TC`; diagnostics report the TC estimate.
    public func penalty(for input: RegularizerInput) -> RegularizerOutput {
        let logits = discriminator(input.sample)
        let halves = logits.chunked(into: 2, alongAxis: 1)
        let tc = (halves[0] - halves[1]).mean()
        return RegularizerOutput(
            penalty: input.meanKL + tc * gamma, diagnostics: ["total_correlation": Double(tc.scalar)])
    }

    /// The discriminator's loss on the batch's detached latents and a fresh permutation of them; reports the loss
    /// and the discriminator's accuracy.
    public func auxiliaryLoss(for input: RegularizerInput, using generator: inout RandomGenerator) -> RegularizerOutput? {
        let z = input.sample.detached()
        let permuted = Self.permuteDimensions(z, using: &generator)
        let b = z.shape[0]
        let realLogits = discriminator(z)
        let permutedLogits = discriminator(permuted)
        let loss = (crossEntropy(logits: realLogits, labels: Array(repeating: 0, count: b))
            + crossEntropy(logits: permutedLogits, labels: Array(repeating: 1, count: b))) * 0.5
        let correct = realLogits.argmax(alongAxis: 1).filter { $0 == 0 }.count
            + permutedLogits.argmax(alongAxis: 1).filter { $0 == 1 }.count
        return RegularizerOutput(penalty: loss, diagnostics: [
            "discriminator_loss": Double(loss.scalar),
            "discriminator_accuracy": Double(correct) / Double(2 * b),
        ])
    }

    /// Checks the arguments of the initialiser without building the discriminator.
    ///
    /// - Throws: ``ModelError`` for a negative or non-finite γ or a non-positive size.
    public static func validate(gamma: Float = 10, latentCount: Int, hiddenLayers: Int = 6, hiddenWidth: Int = 1000) throws {
        guard gamma >= 0, gamma.isFinite else { throw ModelError("gamma must be non-negative and finite, got \(gamma)") }
        guard latentCount > 0, hiddenLayers >= 1, hiddenWidth >= 1 else {
            throw ModelError("the discriminator needs positive sizes, got \(latentCount) latents, \(hiddenLayers) x \(hiddenWidth)")
        }
    }
}
