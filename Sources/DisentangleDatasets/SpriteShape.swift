/// The three dSprites shapes, defined in sprite units (see ``DSprites`` for how units map to pixels).
///
/// Each shape is a region of the plane around the sprite's centre, in coordinates `(u, v)` with `v` pointing up
/// on screen, before rotation:
/// - ``square``: `max(|u|, |v|) <= 1` (side 2, area 4).
/// - ``ellipse``: `(u / 1.4)^2 + (v / 0.7)^2 <= 1` (major axis horizontal, area ~3.08).
/// - ``heart``: the classic heart curve `(x^2 + y^2 - 1)^3 - x^2 y^3 <= 0` with `x = u / 1.12`,
///   `y = v / 1.12 + 0.25` (lobes up, tip down; the tip and the lobes are 1.4 units from the centre; area ~4.59).
///
/// All three fit in a circle of radius `sqrt(2)` units around the centre, whatever the rotation.
public enum SpriteShape: Int, Sendable, CaseIterable, Codable {
    /// A square, class 0 of the dSprites `shape` factor.
    case square
    /// An ellipse with axes 2.8 x 1.4 units, class 1.
    case ellipse
    /// A heart, class 2.
    case heart

    /// The shape's name as used in factor descriptions.
    public var name: String {
        switch self {
        case .square: "square"
        case .ellipse: "ellipse"
        case .heart: "heart"
        }
    }

    /// The radius, in sprite units, of a circle around the centre that contains the shape at every rotation.
    public static let boundingRadius = 2.0.squareRoot()

    /// Whether the point `(u, v)` (sprite units, unrotated frame, `v` up) lies inside the shape; the boundary is
    /// inside.
    @inline(__always)
    public func contains(u: Double, v: Double) -> Bool {
        switch self {
        case .square:
            return max(abs(u), abs(v)) <= 1
        case .ellipse:
            let a = u * (1 / 1.4)
            let b = v * (1 / 0.7)
            return a * a + b * b <= 1
        case .heart:
            let x = u * (1 / 1.12)
            let y = v * (1 / 1.12) + 0.25
            let x2 = x * x
            let r = x2 + y * y - 1
            return r * r * r - x2 * y * y * y <= 0
        }
    }
}
