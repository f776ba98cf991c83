/// One generative factor of a ground-truth dataset: its name and the value of each of its discrete classes.
///
/// A factor with `n` classes is addressed by a class index in `0..<n` everywhere in the API (as in dSprites'
/// `latents_classes`); ``values`` maps class indices to the physical quantity (as in `latents_values`), e.g. the
/// six dSprites scales `0.5, 0.6, ..., 1`.
public struct Factor: Sendable, Equatable, Codable {
    /// The factor's name, e.g. `"scale"` or `"x"`.
    public let name: String
    /// The physical value of each class, in class order. Its count is the factor's ``size``.
    public let values: [Double]

    /// The number of classes.
    public var size: Int { values.count }

    /// A factor whose classes have the given physical values.
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }

    /// A factor with `size` classes whose values are evenly spaced from `lower` to `upper` inclusive
    /// (a single class takes the value `lower`).
    public init(name: String, size: Int, from lower: Double, to upper: Double) {
        self.name = name
        values = (0..<size).map { size == 1 ? lower : lower + (upper - lower) * Double($0) / Double(size - 1) }
    }

    /// A factor with `size` classes whose values are the class indices `0, 1, ..., size - 1`.
    public init(name: String, size: Int) {
        self.init(name: name, values: (0..<size).map(Double.init))
    }
}
