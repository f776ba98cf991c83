import Foundation

/// RGB sprites on black in the spirit of the Spatial Broadcast Decoder paper's colored sprites: shape x scale x
/// hue x posX x posY, upright (no rotation factor), 64 x 64 pixels.
///
/// Factors, in grid order:
///
/// | factor | classes | values |
/// |---|---|---|
/// | `shape` | 3 | 0 square, 1 ellipse, 2 heart (``SpriteShape``) |
/// | `scale` | 6 | 0.5, 0.6, ..., 1.0 |
/// | `hue` | `hueCount` (default 6) | `k / hueCount` of a turn: red, yellow, green, cyan, blue, magenta for 6 |
/// | `posX` | 32 | `k / 31` (0 = left) |
/// | `posY` | 32 | `k / 31` (0 = top) |
///
/// Rendering rule: the ``DSprites`` rule at orientation 0 gives the covered pixels; each covered pixel gets the
/// fully saturated, full-value colour of the hue (HSV with S = V = 1, converted to RGB), every other pixel is
/// black. Binary masks, no anti-aliasing. The default grid has 110,592 images.
public struct ColoredSprites: GroundTruthDataset {
    /// `"colored-sprites"`.
    public let name = "colored-sprites"
    /// `shape`, `scale`, `hue`, `posX`, `posY`.
    public let factors: [Factor]
    /// `[3, 64, 64]`.
    public let observationShape = [3, DSprites.imageSize, DSprites.imageSize]
    /// `false`: an observation is a pure function of its classes.
    public let hasNuisanceVariation = false

    private let geometry: SpriteGrid
    private let colors: [(red: Float, green: Float, blue: Float)]

    /// The default grid: 6 hues.
    public init() {
        // Six hues is a valid count.
        try! self.init(hueCount: 6)
    }

    /// A colored-sprites grid with `hueCount` evenly spaced hues (1...360).
    ///
    /// - Throws: ``DatasetError`` if `hueCount` is out of range.
    public init(hueCount: Int) throws {
        guard (1...360).contains(hueCount) else {
            throw DatasetError("colored-sprites: hue count must be in 1...360, got \(hueCount)")
        }
        factors = [
            Factor(name: "shape", values: SpriteShape.allCases.map { Double($0.rawValue) }),
            Factor(name: "scale", size: 6, from: 0.5, to: 1),
            Factor(name: "hue", values: (0..<hueCount).map { Double($0) / Double(hueCount) }),
            Factor(name: "posX", size: 32, from: 0, to: 1),
            Factor(name: "posY", size: 32, from: 0, to: 1),
        ]
        geometry = SpriteGrid(
            imageSize: DSprites.imageSize, scales: factors[1].values, orientations: [0], positions: factors[3].values)
        colors = factors[2].values.map(ColoredSprites.rgb(hue:))
    }

    /// Writes the RGB image of `(shape, scale, hue, posX, posY)` into `output`.
    public func render(classes: UnsafeBufferPointer<Int>, nuisanceSeed: UInt64, into output: UnsafeMutableBufferPointer<Float>) {
        output.update(repeating: 0)
        let plane = DSprites.imageSize * DSprites.imageSize
        let red = output.baseAddress!
        let green = red + plane
        let blue = green + plane
        let color = colors[classes[2]]
        geometry.forEachRun(
            shape: SpriteShape(rawValue: classes[0])!, scale: classes[1], orientation: 0, x: classes[3], y: classes[4]
        ) { rowStart, start, end in
            let count = end - start
            (red + rowStart + start).update(repeating: color.red, count: count)
            (green + rowStart + start).update(repeating: color.green, count: count)
            (blue + rowStart + start).update(repeating: color.blue, count: count)
        }
    }

    /// The RGB colour of a hue (fraction of a turn) at full saturation and value.
    static func rgb(hue: Double) -> (red: Float, green: Float, blue: Float) {
        func channel(_ n: Double) -> Float {
            let k = (n + hue * 6).truncatingRemainder(dividingBy: 6)
            return Float(1 - max(0, min(k, 4 - k, 1)))
        }
        return (channel(5), channel(3), channel(1))
    }
}
