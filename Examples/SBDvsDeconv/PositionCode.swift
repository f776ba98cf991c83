import Foundation

/// How well a model's two lowest-variance latents encode the circle's position, whatever their orientation.
///
/// MIG rewards a code whose axes follow `x` and `y`. On Circles the β-VAE objective does not prefer any
/// orientation of the position plane: the disc is isotropic and the grid square, so the prior, the KL and the
/// reconstruction are unchanged when the two position latents are rotated together. A model can therefore learn a
/// perfect two-dimensional position code whose axes are turned by some angle, and MIG falls with that angle. This
/// diagnostic separates the two: it fits the two latents' posterior means linearly on the (centred) position,
/// `z ≈ p A`, and reports the fit's R² (1 = the latents are a linear map of the position) and the angle between
/// the latent axes and the x/y axes (the polar part of `A`, 0° = aligned, 45° = diagonal).
struct PositionCode: Codable, Sendable, Equatable {
    /// The fraction of the two latents' variance explained by a linear map of the position.
    var linearR2: Double
    /// The angle between the latent axes and the position axes, in degrees, in [0, 45].
    var rotationDegrees: Double

    /// Fits latents `(u, v)` (one pair per grid position) on positions `(x, y)`.
    init(x: [Double], y: [Double], u: [Double], v: [Double]) {
        let n = Double(x.count)
        func centred(_ values: [Double]) -> [Double] {
            let mean = values.reduce(0, +) / n
            return values.map { $0 - mean }
        }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let (px, py, zu, zv) = (centred(x), centred(y), centred(u), centred(v))
        // Normal equations of z = p A: (PᵀP) A = PᵀZ, solved for both columns of A.
        let (sxx, sxy, syy) = (dot(px, px), dot(px, py), dot(py, py))
        let determinant = sxx * syy - sxy * sxy
        func solve(_ target: [Double]) -> (Double, Double) {
            let (bx, by) = (dot(px, target), dot(py, target))
            return ((syy * bx - sxy * by) / determinant, (sxx * by - sxy * bx) / determinant)
        }
        let (a00, a10) = solve(zu)  // column 0 of A: u ≈ a00 x + a10 y
        let (a01, a11) = solve(zv)  // column 1 of A: v ≈ a01 x + a11 y
        var residual = 0.0
        for i in px.indices {
            let ru = zu[i] - (a00 * px[i] + a10 * py[i])
            let rv = zv[i] - (a01 * px[i] + a11 * py[i])
            residual += ru * ru + rv * rv
        }
        linearR2 = 1 - residual / (dot(zu, zu) + dot(zv, zv))
        // The orthogonal matrix nearest A is a rotation [[c, s], [-s, c]] when det A >= 0, else a reflection
        // [[c, s], [s, -c]]; both keep the axes on the axes exactly when their angle is a multiple of 90°.
        let angle = a00 * a11 - a01 * a10 >= 0 ? atan2(a01 - a10, a00 + a11) : atan2(a01 + a10, a00 - a11)
        let folded = (angle * 180 / .pi).truncatingRemainder(dividingBy: 90)
        let positive = folded < 0 ? folded + 90 : folded
        rotationDegrees = min(positive, 90 - positive)
    }
}
