import Foundation

/// The dSprites grid, rendered procedurally: one white shape on black, 3 shapes x 6 scales x 40 orientations x
/// 32 x-positions x 32 y-positions = 737,280 binary 64 x 64 images (Matthey et al., 2017).
///
/// Factors, in grid order (the archive's `latents_classes` columns 1...5; its constant `color` column is omitted,
/// as in disentanglement_lib's `dsprites_full`):
///
/// | factor | classes | values |
/// |---|---|---|
/// | `shape` | 3 | 0 square, 1 ellipse, 2 heart (``SpriteShape``) |
/// | `scale` | 6 | 0.5, 0.6, ..., 1.0 |
/// | `orientation` | 40 | `2 pi k / 40` radians, k = 0...39 (counter-clockwise on screen) |
/// | `posX` | 32 | `k / 31` (0 = left) |
/// | `posY` | 32 | `k / 31` (0 = top) |
///
/// Rendering rule (no anti-aliasing; see ``SpriteShape`` for the shapes): the sprite unit is `8 * scale` pixels,
/// so a square is `16 * scale` pixels wide; the centre is at `12 + 40 * posX` pixels from the left edge and
/// `12 + 40 * posY` from the top; a pixel is 1 when its centre lies inside the rotated shape, else 0. Every shape
/// fits in a circle of radius `sqrt(2) * 8 = 11.3` pixels at scale 1, so sprites never touch the border.
///
/// Differences from the published archive: its orientations are `linspace(0, 2 pi, 40)`, whose first and last
/// values coincide; here they are 40 distinct angles in `[0, 2 pi)`. Pixel sizes and margins follow the rule
/// above rather than the archive's (unpublished) renderer. Load the real archive with
/// ``ImageArrayDataset/init(dSpritesArchiveAt:maximumMemberSize:)``.
public struct DSprites: GroundTruthDataset {
    /// `"dsprites"`.
    public let name = "dsprites"
    /// `shape`, `scale`, `orientation`, `posX`, `posY`.
    public let factors: [Factor]
    /// `[1, 64, 64]`.
    public let observationShape = [1, DSprites.imageSize, DSprites.imageSize]
    /// `false`: an observation is a pure function of its classes.
    public let hasNuisanceVariation = false

    /// The image side in pixels.
    public static let imageSize = 64
    /// The distance in pixels from the border to the extreme sprite centres.
    public static let margin = 12.0
    /// Pixels per sprite unit at scale 1.
    public static let unitAtScaleOne = 8.0

    let geometry: SpriteGrid

    /// The standard dSprites grid.
    public init() {
        factors = [
            Factor(name: "shape", values: SpriteShape.allCases.map { Double($0.rawValue) }),
            Factor(name: "scale", size: 6, from: 0.5, to: 1),
            Factor(name: "orientation", values: (0..<40).map { 2 * Double.pi * Double($0) / 40 }),
            Factor(name: "posX", size: 32, from: 0, to: 1),
            Factor(name: "posY", size: 32, from: 0, to: 1),
        ]
        geometry = SpriteGrid(
            imageSize: DSprites.imageSize, scales: factors[1].values, orientations: factors[2].values,
            positions: factors[3].values)
    }

    /// Writes the binary image of `(shape, scale, orientation, posX, posY)` into `output`.
    public func render(classes: UnsafeBufferPointer<Int>, nuisanceSeed: UInt64, into output: UnsafeMutableBufferPointer<Float>) {
        output.update(repeating: 0)
        let out = output.baseAddress!
        geometry.forEachRun(
            shape: SpriteShape(rawValue: classes[0])!, scale: classes[1], orientation: classes[2], x: classes[3],
            y: classes[4]
        ) { rowStart, start, end in
            (out + rowStart + start).update(repeating: 1, count: end - start)
        }
    }
}
