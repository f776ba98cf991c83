/// The activation that follows a layer, which sets the gain of the Xavier and Kaiming initialisers
/// (PyTorch's `torch.nn.init.calculate_gain`).
public enum Nonlinearity: Sendable, Equatable, Hashable, Codable {
    /// No activation, or a convolution/linear layer feeding another: gain 1.
    case linear
    /// Logistic sigmoid: gain 1.
    case sigmoid
    /// Hyperbolic tangent: gain 5/3.
    case tanh
    /// ReLU: gain √2.
    case relu
    /// Leaky ReLU with the given negative slope: gain √(2 / (1 + slope²)).
    case leakyReLU(negativeSlope: Float)
    /// SELU: gain 3/4.
    case selu

    /// The recommended gain, computed in `Double` as PyTorch does.
    public var gain: Double {
        switch self {
        case .linear, .sigmoid: 1
        case .tanh: 5.0 / 3.0
        case .relu: 2.0.squareRoot()
        case .leakyReLU(let slope): (2.0 / (1 + Double(slope) * Double(slope))).squareRoot()
        case .selu: 0.75
        }
    }
}
