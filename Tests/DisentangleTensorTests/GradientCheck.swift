import DisentangleTensor
import Testing

/// Central finite-difference gradient checking.
///
/// The objective is `Σ f(inputs) ⊙ W` for a fixed random weight tensor `W`, so every output element contributes
/// with a different weight. Each input element is perturbed by ±`step`; the numeric derivative
/// `(J(x+h) - J(x-h)) / 2h` (accumulated in Double) is compared with the analytic gradient from
/// `gradients(of:wrt:)`. With Float arithmetic and h = 1e-2 on smooth functions of O(1) inputs the truncation
/// error is about h² and the rounding error about 1e-7/h, so `|analytic - numeric| <= absolute + relative *
/// |numeric|` with absolute 2e-3 and relative 1e-2 separates correct from wrong gradients (a wrong gradient is
/// typically off by O(1)).
func checkGradients(
    _ inputs: [Tensor], step: Float = 1e-2, absolute: Double = 2e-3, relative: Double = 1e-2,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ f: ([Tensor]) -> Tensor
) {
    let leaves = inputs.map { $0.requiringGradient() }
    let output = f(leaves)
    var generator = RandomGenerator(seed: 1234)
    let weights = Tensor.randomUniform(output.shape, lowerBound: 0.5, upperBound: 1.5, using: &generator)
    let objective = (output * weights).sum()
    let analytic = gradients(of: objective, wrt: leaves)
    func evaluate(_ values: [Tensor]) -> Double {
        let out = withoutGradients { f(values) }
        return zip(out.scalars, weights.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
    for (i, input) in inputs.enumerated() {
        #expect(analytic[i].shape == input.shape, "gradient shape for input \(i)", sourceLocation: sourceLocation)
        var worst = 0.0
        for j in 0..<input.count {
            var plus = input
            plus.withUnsafeMutableScalars { $0[j] += step }
            var minus = input
            minus.withUnsafeMutableScalars { $0[j] -= step }
            var values = inputs
            values[i] = plus
            let fPlus = evaluate(values)
            values[i] = minus
            let fMinus = evaluate(values)
            let numeric = (fPlus - fMinus) / (2 * Double(step))
            let got = Double(analytic[i].scalars[j])
            let excess = Swift.abs(got - numeric) - (absolute + relative * Swift.abs(numeric))
            worst = Swift.max(worst, excess)
            if excess > 0 {
                Issue.record(
                    "input \(i) element \(j): analytic \(got), numeric \(numeric)", sourceLocation: sourceLocation)
                return
            }
        }
    }
}

/// A deterministic tensor of uniform values in `[lower, upper)`.
func uniform(_ shape: [Int], _ lower: Float = -1, _ upper: Float = 1, seed: UInt64 = 7) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return Tensor.randomUniform(shape, lowerBound: lower, upperBound: upper, using: &generator)
}

