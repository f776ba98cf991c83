import DisentangleNN
import DisentangleTensor

/// A fully connected Gaussian encoder: flatten, hidden ReLU layers (1200-1200 by default, as in β-VAE and
/// disentanglement_lib's `fc_encoder`), and a linear head producing means and log-variances.
///
/// State-dictionary names: `layers.0.weight`, `layers.0.bias`, ... (linear layers at even indices).
public final class MLPEncoder: Encoder {
    /// The layers, ending in the `2 · latentCount` head.
    public let layers: Sequential
    /// The number of latent dimensions.
    public let latentCount: Int
    /// The shape of one observation.
    public let observationShape: [Int]

    /// Creates an encoder with PyTorch-default initialisation.
    public init(observationShape: [Int], latentCount: Int = 10, hiddenSizes: [Int] = [1200, 1200], using generator: inout RandomGenerator) throws {
        try Self.validate(observationShape: observationShape, latentCount: latentCount, hiddenSizes: hiddenSizes)
        var modules: [any Layer] = []
        var width = observationShape.reduce(1, *)
        for size in hiddenSizes {
            modules.append(Linear(inputSize: width, outputSize: size, using: &generator))
            modules.append(ReLU())
            width = size
        }
        modules.append(Linear(inputSize: width, outputSize: 2 * latentCount, using: &generator))
        self.layers = Sequential(modules)
        self.latentCount = latentCount
        self.observationShape = observationShape
    }

    /// The posterior for a batch of observations.
    public func callAsFunction(_ observations: Tensor) -> DiagonalGaussian {
        precondition(
            Array(observations.shape.dropFirst()) == observationShape,
            "MLPEncoder expects [batch] + \(observationShape), got \(observations.shape)")
        return DiagonalGaussian(concatenated: layers(observations.flattened(startAxis: 1)))
    }

    /// Checks the arguments of ``init(observationShape:latentCount:hiddenSizes:using:)`` without building anything.
    ///
    /// - Throws: ``ModelError`` for an empty or non-positive shape, or a non-positive count or size.
    public static func validate(observationShape: [Int], latentCount: Int = 10, hiddenSizes: [Int] = [1200, 1200]) throws {
        guard latentCount > 0 else { throw ModelError("latentCount must be positive, got \(latentCount)") }
        guard !observationShape.isEmpty, observationShape.allSatisfy({ $0 > 0 }) else {
            throw ModelError("observation shape \(observationShape) must be non-empty with positive sizes")
        }
        guard hiddenSizes.allSatisfy({ $0 > 0 }) else { throw ModelError("hidden sizes \(hiddenSizes) must be positive") }
    }
}
