import DisentangleTensor

/// How a layer's weights or biases are drawn when it is created, with the formulas of `torch.nn.init`.
///
/// Every initialiser draws from an explicit `RandomGenerator`, so a seed fixes a model's initial weights.
/// Fan-in and fan-out follow PyTorch's `_calculate_fan_in_and_fan_out` on the *weight* (see
/// ``fans(ofWeightShape:)``); a bias is initialised with its layer's weight fans, as PyTorch's layers do.
///
/// PyTorch's defaults, which every layer here uses unless told otherwise, are ``pytorchDefaultWeight``
/// (Kaiming-uniform with a = √5, i.e. U(−1/√fan_in, 1/√fan_in)) and ``pytorchDefaultBias``
/// (U(−1/√fan_in, 1/√fan_in)): identical in distribution to a freshly constructed PyTorch layer.
public enum Initializer: Sendable, Equatable, Hashable, Codable {
    /// All zeros.
    case zeros
    /// Every scalar equal to the value.
    case constant(Float)
    /// U(lowerBound, upperBound).
    case uniform(lowerBound: Float, upperBound: Float)
    /// N(mean, standardDeviation²).
    case normal(mean: Float, standardDeviation: Float)
    /// U(−1/√fan_in, 1/√fan_in), PyTorch's default for biases of linear and convolutional layers.
    case fanInUniform
    /// Glorot & Bengio: U(−a, a) with a = gain·√(6 / (fan_in + fan_out)) (`xavier_uniform_`).
    case xavierUniform(gain: Float)
    /// Glorot & Bengio: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)) (`xavier_normal_`).
    case xavierNormal(gain: Float)
    /// He et al.: U(−b, b) with b = gain·√(3 / fan) (`kaiming_uniform_`), fan chosen by `mode` and gain by
    /// `nonlinearity`.
    case kaimingUniform(mode: FanMode, nonlinearity: Nonlinearity)
    /// He et al.: N(0, σ²) with σ = gain / √fan (`kaiming_normal_`).
    case kaimingNormal(mode: FanMode, nonlinearity: Nonlinearity)

    /// Which fan the Kaiming initialisers scale by.
    public enum FanMode: String, Sendable, Equatable, Hashable, Codable {
        /// Preserve the variance of activations in the forward pass.
        case fanIn
        /// Preserve the variance of gradients in the backward pass.
        case fanOut
    }

    /// PyTorch's default weight initialisation for `Linear`, `Conv2d` and `ConvTranspose2d`:
    /// `kaiming_uniform_(w, a=math.sqrt(5))`, which is U(−1/√fan_in, 1/√fan_in).
    public static let pytorchDefaultWeight = Initializer.kaimingUniform(
        mode: .fanIn, nonlinearity: .leakyReLU(negativeSlope: Float(5.0.squareRoot())))

    /// PyTorch's default bias initialisation for the same layers: U(−1/√fan_in, 1/√fan_in) with the weight's fan-in.
    public static let pytorchDefaultBias = Initializer.fanInUniform

    /// Fan-in and fan-out of a weight tensor by PyTorch's rule: for shape `[d0, d1, k...]`, fan_in = d1·∏k and
    /// fan_out = d0·∏k.
    ///
    /// So a `Linear` weight `[out, in]` has fan_in = in; a `Conv2d` weight `[out, in, kh, kw]` has
    /// fan_in = in·kh·kw; and a `ConvTranspose2d` weight `[in, out, kh, kw]` has fan_in = **out**·kh·kw.
    /// A one-dimensional shape `[n]` is treated as fan_in = fan_out = n.
    public static func fans(ofWeightShape shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        guard shape.count >= 2 else {
            let n = shape.first ?? 1
            return (n, n)
        }
        let receptiveField = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptiveField, shape[0] * receptiveField)
    }

    /// A tensor of the given shape drawn from this initialiser, with the given fans (see
    /// ``fans(ofWeightShape:)``).
    public func makeTensor(shape: [Int], fanIn: Int, fanOut: Int, using generator: inout RandomGenerator) -> Tensor {
        func uniform(_ bound: Double) -> Tensor {
            Tensor.randomUniform(shape, lowerBound: -Float(bound), upperBound: Float(bound), using: &generator)
        }
        func normal(_ standardDeviation: Double) -> Tensor {
            Tensor.randomNormal(shape, mean: 0, standardDeviation: Float(standardDeviation), using: &generator)
        }
        switch self {
        case .zeros:
            return Tensor.zeros(shape)
        case .constant(let value):
            return Tensor.full(shape, value)
        case .uniform(let lowerBound, let upperBound):
            return Tensor.randomUniform(shape, lowerBound: lowerBound, upperBound: upperBound, using: &generator)
        case .normal(let mean, let standardDeviation):
            return Tensor.randomNormal(shape, mean: mean, standardDeviation: standardDeviation, using: &generator)
        case .fanInUniform:
            return uniform(fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0)
        case .xavierUniform(let gain):
            return uniform(Double(gain) * (6 / Double(fanIn + fanOut)).squareRoot())
        case .xavierNormal(let gain):
            return normal(Double(gain) * (2 / Double(fanIn + fanOut)).squareRoot())
        case .kaimingUniform(let mode, let nonlinearity):
            let fan = Double(mode == .fanIn ? fanIn : fanOut)
            return uniform(nonlinearity.gain * (3 / fan).squareRoot())
        case .kaimingNormal(let mode, let nonlinearity):
            let fan = Double(mode == .fanIn ? fanIn : fanOut)
            return normal(nonlinearity.gain / fan.squareRoot())
        }
    }
}
