import Foundation

/// Precomputed pixel geometry of a sprite grid: the unit of each scale, the cosine and sine of each orientation and
/// the pixel centre of each position class, following the ``DSprites`` rendering rule scaled to `imageSize`.
struct SpriteGrid: Sendable {
    let rasterizer: SpriteRasterizer
    let units: [Double]
    let cosines: [Double]
    let sines: [Double]
    let centers: [Double]

    /// - Parameters:
    ///   - scales: the scale of each class (the unit is `scale * imageSize / 8` pixels).
    ///   - orientations: the angle of each class in radians.
    ///   - positions: the position of each class in [0, 1], mapped to `margin + position * (imageSize - 2 margin)`
    ///     pixels with `margin = 12 * imageSize / 64`.
    init(imageSize: Int, scales: [Double], orientations: [Double], positions: [Double]) {
        let pixelsPerUnit = DSprites.unitAtScaleOne * Double(imageSize) / Double(DSprites.imageSize)
        let margin = DSprites.margin * Double(imageSize) / Double(DSprites.imageSize)
        rasterizer = SpriteRasterizer(imageSize: imageSize)
        units = scales.map { $0 * pixelsPerUnit }
        cosines = orientations.map { cos($0) }
        sines = orientations.map { sin($0) }
        centers = positions.map { margin + $0 * (Double(imageSize) - 2 * margin) }
    }

    /// Calls `fill(rowStart, columnStart, columnEnd)` for every run of covered pixels of the sprite with these classes.
    @inline(__always)
    func forEachRun(shape: SpriteShape, scale: Int, orientation: Int, x: Int, y: Int, _ fill: (Int, Int, Int) -> Void) {
        rasterizer.forEachRun(
            shape: shape, centerX: centers[x], centerY: centers[y], unit: units[scale], cosine: cosines[orientation],
            sine: sines[orientation], fill)
    }
}
