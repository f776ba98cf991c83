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
public enum DatasetCatalog {
    /// Every name ``dataset(named:)`` accepts, in the order above.
    public static let names = ["circles", "circles-32", "dsprites", "colored-sprites", "color-dsprites", "noisy-dsprites"]

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
            throw DatasetError("unknown dataset '\(name)'; known datasets: \(names.joined(separator: ", "))")
        }
    }
}
