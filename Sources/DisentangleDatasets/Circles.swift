/// One white disc on black, moved over a grid of positions: the default data of the SBD-vs-deconv example.
///
/// Factors, in grid order: `x` and `y`, each `positionCount` classes (default 40) with values `k / (n - 1)` in
/// [0, 1] (x = 0 is the left edge, y = 0 the top).
///
/// Rendering rule (binary, no anti-aliasing): the disc has radius `r = 5 * imageSize / 64` pixels unless given;
/// its centre is at `r + x * (imageSize - 2r)` pixels from the left and `r + y * (imageSize - 2r)` from the top,
/// so the whole disc always lies inside the image; a pixel is 1 when its centre `(column + 0.5, row + 0.5)` is
/// within `r` of the disc's centre.
public struct Circles: GroundTruthDataset {
    /// `"circles"` at 64 x 64 pixels, else `"circles-<size>"`.
    public let name: String
    /// `x` and `y`.
    public let factors: [Factor]
    /// `[1, imageSize, imageSize]`.
    public let observationShape: [Int]
    /// `false`: an observation is a pure function of its classes.
    public let hasNuisanceVariation = false
    /// The image side in pixels.
    public let imageSize: Int
    /// The disc's radius in pixels.
    public let radius: Double

    private let centers: [Double]

    /// The default: 64 x 64 images, 40 x 40 positions, radius 5 pixels.
    public init() {
        // The default parameters are valid.
        try! self.init(imageSize: 64)
    }

    /// A circles dataset with the given image size (8...1024 pixels; 32 and 64 are the usual choices).
    ///
    /// - Parameters:
    ///   - imageSize: the side of the square images in pixels, in 8...1024.
    ///   - positionCount: classes per axis (at least 2).
    ///   - radius: the disc's radius in pixels; `nil` means `5 * imageSize / 64`. Must leave room to move:
    ///     `0 < radius < imageSize / 2`.
    /// - Throws: ``DatasetError`` if a parameter is out of range.
    public init(imageSize: Int, positionCount: Int = 40, radius: Double? = nil) throws {
        guard (8...1024).contains(imageSize) else {
            throw DatasetError("circles: image size must be in 8...1024 pixels, got \(imageSize)")
        }
        guard positionCount >= 2 else {
            throw DatasetError("circles: position count must be at least 2, got \(positionCount)")
        }
        let r = radius ?? 5 * Double(imageSize) / 64
        guard r > 0 && r < Double(imageSize) / 2 else {
            throw DatasetError("circles: radius must be in (0, \(imageSize / 2)) pixels, got \(r)")
        }
        name = imageSize == 64 ? "circles" : "circles-\(imageSize)"
        factors = [
            Factor(name: "x", size: positionCount, from: 0, to: 1),
            Factor(name: "y", size: positionCount, from: 0, to: 1),
        ]
        observationShape = [1, imageSize, imageSize]
        self.imageSize = imageSize
        self.radius = r
        centers = factors[0].values.map { r + $0 * (Double(imageSize) - 2 * r) }
    }

    /// Writes the binary image of the disc at `(x, y)` into `output`.
    public func render(classes: UnsafeBufferPointer<Int>, nuisanceSeed: UInt64, into output: UnsafeMutableBufferPointer<Float>) {
        output.update(repeating: 0)
        let out = output.baseAddress!
        let cx = centers[classes[0]]
        let cy = centers[classes[1]]
        let rowLow = max(0, Int((cy - radius - 0.5).rounded(.down)))
        let rowHigh = min(imageSize - 1, Int((cy + radius - 0.5).rounded(.up)))
        for row in rowLow...rowHigh {
            let dy = Double(row) + 0.5 - cy
            let squared = radius * radius - dy * dy
            guard squared >= 0 else { continue }
            let half = squared.squareRoot()
            let start = max(0, Int((cx - half - 0.5).rounded(.up)))
            let end = min(imageSize - 1, Int((cx + half - 0.5).rounded(.down)))
            if start <= end {
                (out + row * imageSize + start).update(repeating: 1, count: end - start + 1)
            }
        }
    }
}
