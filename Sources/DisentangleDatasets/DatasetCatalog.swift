/// The procedural datasets by name: the names the command line, the examples and the configuration files use.
///
/// | name | dataset | observation | grid |
/// |---|---|---|---|
/// | `circles` | ``Circles`` at 64 x 64 | 1 x 64 x 64 | 40 x 40 |
/// | `circles-32` | ``Circles`` at 32 x 32 | 1 x 32 x 32 | 40 x 40 |
/// | `dsprites` | ``DSprites`` | 1 x 64 x 64 | 737,280 |
/// | `colored-sprites` | ``ColoredSprites`` | 3 x 64 x 64 | 110,592 |
/// | `color-dsprites` | ``RandomlyColored`` ``DSprites`` | 3 x 64 x 64 | 737,280 |
/// | `noisy-dsprites` | ``NoisyBackground`` ``DSprites`` | 3 x 64 x 64 | 737,280 |
///
/// Circles of other sizes and radii are named `circles-SIZE` and `circles-SIZE-rRADIUS` (pixels; say
/// `circles-32-r1.5` for small objects); the default radius is `5 * SIZE / 64`.
public enum DatasetCatalog {
    /// Every name ``dataset(named:)`` accepts, in the order above.
    public static let names = ["circles", "circles-32", "dsprites", "colored-sprites", "color-dsprites", "noisy-dsprites"]

    /// Whether `name` names a procedural dataset: one of ``names``, or `circles-SIZE[-rRADIUS]` with a valid size
    /// and radius.
    public static func knows(_ name: String) -> Bool {
        names.contains(name) || (try? circles(named: name)) != nil
    }

    /// The procedural dataset with the given name.
    ///
    /// - Throws: ``DatasetError`` listing the known names if `name` is not one of them.
    public static func dataset(named name: String) throws -> any GroundTruthDataset {
        switch name {
        case "circles": return Circles()
        case "circles-32": return try Circles(imageSize: 32)
        case "dsprites": return DSprites()
        case "colored-sprites": return ColoredSprites()
        case "color-dsprites": return try RandomlyColored(DSprites())
        case "noisy-dsprites": return try NoisyBackground(DSprites())
        default:
            if let circles = try circles(named: name) { return circles }
            throw DatasetError(
                "unknown dataset '\(name)'; known datasets: \(names.joined(separator: ", ")), circles-SIZE, circles-SIZE-rRADIUS")
        }
    }

    /// `circles-SIZE` or `circles-SIZE-rRADIUS`, or `nil` if `name` has another form.
    private static func circles(named name: String) throws -> Circles? {
        guard name.hasPrefix("circles-") else { return nil }
        let parts = name.dropFirst("circles-".count).split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let size = Int(parts[0]) else { return nil }
        var radius: Double?
        if parts.count == 2 {
            guard parts[1].hasPrefix("r"), let value = Double(parts[1].dropFirst()), value.isFinite else { return nil }
            radius = value
        }
        return try Circles(imageSize: size, radius: radius)
    }
}
