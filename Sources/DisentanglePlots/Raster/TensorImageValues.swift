import Foundation

/// How the scalars of an image tensor map to intensities.
public enum TensorImageValues: Equatable, Sendable {
    /// Scalars are intensities in `0...1` (means of a Bernoulli or Gaussian decoder); values outside are
    /// clamped.
    case unitInterval
    /// Scalars are logits (a Bernoulli decoder's raw output); intensities are `sigmoid(x)`.
    case logits

    /// The intensity in `0...1` for one scalar. The caller has checked that the scalar is not NaN.
    func intensity(_ scalar: Float) -> Float {
        switch self {
        case .unitInterval:
            return min(max(scalar, 0), 1)
        case .logits:
            return 1 / (1 + Foundation.exp(-scalar))
        }
    }
}
