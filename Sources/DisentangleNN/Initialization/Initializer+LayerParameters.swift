import DisentangleTensor

extension Initializer {
    /// A layer's freshly drawn weight and optional bias, as PyTorch's `Linear`, `Conv2d` and `ConvTranspose2d`
    /// draw them: first the weight of `weightShape` from `weightInitializer`, then, unless `biasShape` is `nil`,
    /// the bias from `biasInitializer`, both with the weight's fans (``fans(ofWeightShape:)``).
    static func layerParameters(
        weightShape: [Int], biasShape: [Int]?, weightInitializer: Initializer, biasInitializer: Initializer,
        using generator: inout RandomGenerator
    ) -> (weight: Parameter, bias: Parameter?) {
        let (fanIn, fanOut) = fans(ofWeightShape: weightShape)
        let weight = Parameter(
            weightInitializer.makeTensor(shape: weightShape, fanIn: fanIn, fanOut: fanOut, using: &generator))
        let bias = biasShape.map {
            Parameter(biasInitializer.makeTensor(shape: $0, fanIn: fanIn, fanOut: fanOut, using: &generator))
        }
        return (weight, bias)
    }
}
