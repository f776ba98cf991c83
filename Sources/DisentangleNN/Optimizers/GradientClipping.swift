import DisentangleTensor
import Foundation

/// Rescales the gradients of `parameters` so that their combined norm is at most `maxNorm`, and returns the norm
/// before clipping (PyTorch's `torch.nn.utils.clip_grad_norm_`).
///
/// The total norm is the `normType`-norm of the per-parameter gradient norms (`.infinity` for the largest absolute
/// value); every gradient is multiplied by `min(1, maxNorm / (total + 1e-6))`. Parameters without a gradient are
/// ignored; with none at all the result is 0. A non-finite norm is returned as is and, as in PyTorch with
/// `error_if_nonfinite=False`, makes the gradients non-finite too; check the result if that matters.
@discardableResult
public func clipGradientNorm(_ parameters: [Parameter], maxNorm: Float, normType: Float = 2) -> Float {
    precondition(normType > 0, "clipGradientNorm: normType must be positive, got \(normType)")
    let withGradients = parameters.compactMap { parameter in parameter.gradient.map { (parameter, $0) } }
    guard !withGradients.isEmpty else { return 0 }
    let norms: [Double] = withGradients.map { _, gradient in
        gradient.withUnsafeScalars { g in vectorNorm(g.lazy.map(Double.init), normType) }
    }
    let total = Float(vectorNorm(norms.lazy, normType))
    let coefficient = Swift.min(maxNorm / (total + 1e-6), 1)
    if coefficient != 1 {
        for (parameter, gradient) in withGradients {
            parameter.setGradient(gradient * coefficient)
        }
    }
    return total
}

/// The `p`-norm of `values` in `Double` (`p = .infinity` for the largest absolute value).
private func vectorNorm<S: Sequence>(_ values: S, _ p: Float) -> Double where S.Element == Double {
    if p == .infinity { return values.reduce(0) { Swift.max($0, Swift.abs($1)) } }
    if p == 2 { return values.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    if p == 1 { return values.reduce(0) { $0 + Swift.abs($1) } }
    let exponent = Double(p)
    return Foundation.pow(values.reduce(0) { $0 + Foundation.pow(Swift.abs($1), exponent) }, 1 / exponent)
}
