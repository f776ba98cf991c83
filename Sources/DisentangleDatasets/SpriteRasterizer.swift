import Foundation

/// Rasterises one sprite without anti-aliasing: a pixel is covered when its centre lies inside the shape.
///
/// Pixel `(row, column)` has its centre at `(column + 0.5, row + 0.5)` in image coordinates (x right, y down).
/// For a sprite centred at `(cx, cy)` whose unit is `unit` pixels and whose orientation is `angle` (radians,
/// counter-clockwise on screen), a pixel centre at offset `(dx, dy_up) = (x - cx, cy - y)` maps to sprite units
/// `u = (dx cos a + dy_up sin a) / unit`, `v = (-dx sin a + dy_up cos a) / unit`, and the pixel is on when
/// ``SpriteShape/contains(u:v:)``. Only pixels within the shape's bounding circle are tested.
struct SpriteRasterizer {
    /// The image is `imageSize x imageSize` pixels.
    let imageSize: Int

    /// Calls `fill(rowStart, columnStart, columnEnd)` once for every maximal horizontal run of covered pixels,
    /// where `rowStart = row * imageSize` and the run is `columnStart..<columnEnd`.
    @inline(__always)
    func forEachRun(
        shape: SpriteShape, centerX cx: Double, centerY cy: Double, unit: Double, cosine: Double, sine: Double,
        _ fill: (Int, Int, Int) -> Void
    ) {
        let reach = SpriteShape.boundingRadius * unit
        let rowLow = max(0, Int((cy - reach - 0.5).rounded(.down)))
        let rowHigh = min(imageSize - 1, Int((cy + reach - 0.5).rounded(.up)))
        let columnLow = max(0, Int((cx - reach - 0.5).rounded(.down)))
        let columnHigh = min(imageSize - 1, Int((cx + reach - 0.5).rounded(.up)))
        guard rowLow <= rowHigh, columnLow <= columnHigh else { return }
        let inverse = 1 / unit
        let cosStep = cosine * inverse
        let sinStep = sine * inverse
        for row in rowLow...rowHigh {
            let dyUp = cy - (Double(row) + 0.5)
            let dx0 = Double(columnLow) + 0.5 - cx
            var runStart = -1
            for column in columnLow...columnHigh {
                let dx = dx0 + Double(column - columnLow)
                let u = dx * cosStep + dyUp * sinStep
                let v = dyUp * cosStep - dx * sinStep
                if shape.contains(u: u, v: v) {
                    if runStart < 0 { runStart = column }
                } else if runStart >= 0 {
                    fill(row * imageSize, runStart, column)
                    runStart = -1
                }
            }
            if runStart >= 0 { fill(row * imageSize, runStart, columnHigh + 1) }
        }
    }
}
