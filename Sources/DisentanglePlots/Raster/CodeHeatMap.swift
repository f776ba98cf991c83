import DisentangleTensor

/// Latent codes drawn as a heat map: one row of cells per code, one column per latent, blue for negative values,
/// white at 0 and red for positive values, full colour at the largest absolute value in the codes.
///
/// ```swift
/// try CodeHeatMap(codes: posterior.mean).render().writePNG(to: URL(fileURLWithPath: "codes.png"))
/// ```
public struct CodeHeatMap {
    /// The codes, `[N, D]`.
    public var codes: Tensor
    /// The width of a cell in pixels.
    public var cellWidth = 16
    /// The height of a cell in pixels, or `nil` for 8 pixels, shrinking (to 1) as rows get many.
    public var cellHeight: Int?

    /// A heat map of `codes` (`[N, D]`).
    public init(codes: Tensor) {
        self.codes = codes
    }

    /// Draws the map. Throws ``PlotError`` if the codes are not a non-empty `[N, D]` matrix, hold NaN, or the
    /// picture would exceed ``RasterImage/maximumDimension``.
    public func render() throws -> RasterImage {
        guard codes.rank == 2, codes.shape[0] > 0, codes.shape[1] > 0 else {
            throw PlotError("CodeHeatMap: codes must be a non-empty [N, D] matrix, got shape \(codes.shape)")
        }
        let (rows, columns) = (codes.shape[0], codes.shape[1])
        let scalars = codes.scalars
        guard scalars.allSatisfy({ !$0.isNaN }) else { throw PlotError("CodeHeatMap: the codes contain NaN") }
        let height = cellHeight ?? max(1, min(8, 4096 / rows))
        guard (1...64).contains(cellWidth), (1...64).contains(height) else {
            throw PlotError("CodeHeatMap: cell sizes must be in 1...64, got \(cellWidth) x \(height)")
        }
        try RasterImage.validateSize(
            width: columns * cellWidth, height: rows * height, context: "CodeHeatMap (\(rows) codes; write fewer)")
        let largest = Double(scalars.map { Swift.abs($0) }.filter(\.isFinite).max() ?? 0)
        var image = try RasterImage(width: columns * cellWidth, height: rows * height, format: .rgb, fill: .white)
        for row in 0..<rows {
            for column in 0..<columns {
                let value = Double(scalars[row * columns + column])
                let t = largest > 0 ? Swift.min(Swift.abs(value) / largest, 1) : 0
                let color = RGBColor.white.mixed(with: value < 0 ? Self.negative : Self.positive, t)
                image.fillRectangle(x: column * cellWidth, y: row * height, width: cellWidth, height: height, color: color)
            }
        }
        return image
    }

    /// The colour of the most negative value.
    static let negative = RGBColor(hex: 0x2166ac)
    /// The colour of the most positive value.
    static let positive = RGBColor(hex: 0xb2182b)
}
