import DisentangleNN
import DisentangleTensor

/// A fully connected decoder: hidden tanh layers (three of 1200 by default, as disentanglement_lib's
/// `fc_decoder`) and a linear output reshaped to the observation shape.
///
/// State-dictionary names: `layers.0.weight`, `layers.0.bias`, ... (linear layers at even indices).
public final class MLPDecoder: Decoder {
    /// The layers, ending in the linear output.
    public let layers: Sequential
    /// The number of latent dimensions.
    public let latentCount: Int
    /// The shape of one decoded observation.
    public let observationShape: [Int]

    /// Creates a decoder with PyTorch-default initialisation.
    public init(
        observationShape: [Int], latentCount: Int = 10, hiddenSizes: [Int] = [1200, 1200, 1200],
        using generator: inout RandomGenerator
    ) throws {
        try Self.validate(observationShape: observationShape, latentCount: latentCount, hiddenSizes: hiddenSizes)
        var modules: [any Layer] = []
        var width = latentCount
        for size in hiddenSizes {
            modules.append(Linear(inputSize: width, outputSize: size, using: &generator))
            modules.append(Tanh())
            width = size
        }
        modules.append(Linear(inputSize: width, outputSize: observationShape.reduce(1, *), using: &generator))
        self.layers = Sequential(modules)
        self.latentCount = latentCount
        self.observationShape = observationShape
    }

    /// Likelihood parameters for a batch of latent codes.
    public func callAsFunction(_ latents: Tensor) -> Tensor {
        precondition(
            latents.rank == 2 && latents.shape[1] == latentCount,
            "MLPDecoder expects [batch, \(latentCount)], got \(latents.shape)")
        return layers(latents).reshaped([latents.shape[0]] + observationShape)
    }

    /// Checks the arguments of ``init(observationShape:latentCount:hiddenSizes:using:)`` without building anything.
    ///
    /// - Throws: ``ModelError`` for an empty or non-positive shape, or a non-positive count or size.
    public static func validate(observationShape: [Int], latentCount: Int = 10, hiddenSizes: [Int] = [1200, 1200, 1200]) throws {
        guard latentCount > 0 else { throw ModelError("latentCount must be positive, got \(latentCount)") }
        guard !observationShape.isEmpty, observationShape.allSatisfy({ $0 > 0 }) else {
            throw ModelError("observation shape \(observationShape) must be non-empty with positive sizes")
        }
        guard hiddenSizes.allSatisfy({ $0 > 0 }) else { throw ModelError("hidden sizes \(hiddenSizes) must be positive") }
    }
}
