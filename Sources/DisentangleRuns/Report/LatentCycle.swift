/// The back-and-forth sweeps of one latent that animated traversals show, as in disentanglement_lib's
/// `visualize_model`: starting at the code's own value, a cycle runs up to one end, back down to the other and
/// returns, in `frames` equal steps.
public enum LatentCycle: String, CaseIterable, Sendable, Codable {
    /// Linearly through the fixed interval [−2, 2] (disentanglement_lib's `fixed_interval_cycle`).
    case fixedInterval = "fixed-interval"
    /// Through the quantiles 0.001 ... 0.999 of a Gaussian fitted to the latent over the held samples: mean of the
    /// posterior means, variance = mean posterior variance + variance of the posterior means
    /// (disentanglement_lib's `fitted_gaussian_cycle`).
    case fittedGaussian = "fitted-gaussian"

    /// The values of one latent over the cycle's frames, starting from `start`. `means` and `variances` are the
    /// latent's posterior means and variances over the held samples (used by ``fittedGaussian``).
    public func values(start: Double, frames: Int, means: [Double], variances: [Double]) -> [Double] {
        switch self {
        case .fixedInterval:
            return Self.triangle(from: (start + 2) / 4, frames: frames).map { -2 + 4 * $0 }
        case .fittedGaussian:
            let n = Double(max(means.count, 1))
            let location = means.reduce(0, +) / n
            let spread = means.map { ($0 - location) * ($0 - location) }.reduce(0, +) / n
            let scale = (variances.reduce(0, +) / n + spread).squareRoot()
            guard scale > 0, scale.isFinite else { return Array(repeating: start, count: frames) }
            let first = StandardNormal.cdf((start - location) / scale)
            return Self.triangle(from: first, frames: frames).map { p in
                location + scale * StandardNormal.quantile(min(max(p, 0.001), 0.999))
            }
        }
    }

    /// `frames` points of the triangle wave over [0, 1] that starts at `position`, rises, falls and comes back:
    /// position + 2k/frames, folded back into [0, 1] at both ends.
    static func triangle(from position: Double, frames: Int) -> [Double] {
        (0..<frames).map { k in
            var t = (position + 2 * Double(k) / Double(frames)).truncatingRemainder(dividingBy: 2)
            if t < 0 { t += 2 }
            return t > 1 ? 2 - t : t
        }
    }
}
