import DisentangleTensor

/// Capacity-annealed β-VAE (Burgess et al. 2018): `γ · |KL - C(step)|`, with the capacity `C` increased
/// linearly from `startCapacity` to `maximumCapacity` over `annealingSteps` steps and constant afterwards.
///
/// disentanglement_lib's `annealed_vae` is this with `startCapacity = 0` (its defaults: γ = 1000,
/// `iteration_threshold` = 100,000). KL is the batch mean of the total KL in nats.
public final class CapacityAnnealedRegularizer: Regularizer {
    /// The weight γ.
    public let gamma: Float
    /// The capacity at step 0, in nats.
    public let startCapacity: Float
    /// The final capacity, in nats.
    public let maximumCapacity: Float
    /// The number of steps over which the capacity grows.
    public let annealingSteps: Int

    /// `"annealed-vae"`.
    public var name: String { "annealed-vae" }

    /// Creates the regularizer; throws on negative or non-finite values or a non-positive step count.
    public init(gamma: Float = 1000, startCapacity: Float = 0, maximumCapacity: Float = 25, annealingSteps: Int = 100_000) throws {
        guard gamma >= 0, gamma.isFinite else { throw ModelError("gamma must be non-negative and finite, got \(gamma)") }
        guard startCapacity >= 0, maximumCapacity >= 0, startCapacity.isFinite, maximumCapacity.isFinite else {
            throw ModelError("capacities must be non-negative and finite, got \(startCapacity) and \(maximumCapacity)")
        }
        guard annealingSteps > 0 else { throw ModelError("annealingSteps must be positive, got \(annealingSteps)") }
        self.gamma = gamma
        self.startCapacity = startCapacity
        self.maximumCapacity = maximumCapacity
        self.annealingSteps = annealingSteps
    }

    /// The capacity `C(step)` in nats.
    public func capacity(atStep step: Int) -> Float {
        let progress = Float(Swift.min(Swift.max(step, 0), annealingSteps)) / Float(annealingSteps)
        return startCapacity + (maximumCapacity - startCapacity) * progress
    }

    /// `γ · |KL - C(step)|`; diagnostics report the capacity.
    public func penalty(for input: RegularizerInput) -> RegularizerOutput {
        let c = capacity(atStep: input.step)
        return RegularizerOutput(
            penalty: (input.meanKL - c).abs() * gamma,
            diagnostics: ["capacity": Double(c)])
    }
}
