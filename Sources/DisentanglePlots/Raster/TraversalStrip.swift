import DisentangleTensor

/// Latent traversals laid out as a grid: one row per latent dimension, one column per value the latent was
/// set to, each cell the decoded image. Rows are drawn in the order given; sort them (for example by
/// posterior variance, most informative first) before building the strip.
///
/// ```swift
/// // decoded: [latents.count * values.count, 1, 32, 32] logits, latent-major
/// let strip = try TraversalStrip(decoded: decoded, latentLabels: ["z3", "z7"], values: [-2, -1, 0, 1, 2],
///                                imageValues: .logits)
/// let picture = try strip.render()
/// ```
public struct TraversalStrip: Sendable {
    /// The decoded images, latent-major: row `r`, column `c` is `images[r * values.count + c]`.
    public var images: [RasterImage]
    /// One label per row, such as `"z3 var 0.02"`.
    public var latentLabels: [String]
    /// The latent values of the columns, shown as column headers.
    public var values: [Double]
    /// The integer enlargement of every image, or `nil` for cells at least 64 pixels on their longer side.
    public var cellScale: Int?
    /// The gap between cells and around the strip, in output pixels.
    public var padding: Int = 3
    /// The enlargement of the ``BitmapFont`` used for labels.
    public var labelScale: Int = 2
    /// A title drawn above the strip.
    public var title: String?

    /// Creates a strip from images in latent-major order.
    public init(images: [RasterImage], latentLabels: [String], values: [Double]) {
        self.images = images
        self.latentLabels = latentLabels
        self.values = values
    }

    /// Creates a strip from decoder output of shape `[L * V, C, H, W]` or `[L, V, C, H, W]` (latent-major),
    /// where `L = latentLabels.count` and `V = values.count`, reading scalars as `imageValues`.
    ///
    /// Throws ``PlotError`` if the shape does not match the labels and values or the images are invalid.
    public init(decoded: Tensor, latentLabels: [String], values: [Double], imageValues: TensorImageValues = .unitInterval) throws {
        let shape = decoded.shape
        let batch: Tensor
        switch shape.count {
        case 4:
            batch = decoded
        case 5:
            guard shape[0] == latentLabels.count, shape[1] == values.count else {
                throw PlotError(
                    "TraversalStrip: decoded shape \(shape) does not start with [\(latentLabels.count), \(values.count)] (latents, values)")
            }
            batch = decoded.reshaped([shape[0] * shape[1], shape[2], shape[3], shape[4]])
        default:
            throw PlotError("TraversalStrip: decoded images must have shape [L*V, C, H, W] or [L, V, C, H, W], got \(shape)")
        }
        self.init(images: try RasterImage.images(fromBatch: batch, values: imageValues),
                  latentLabels: latentLabels, values: values)
    }

    /// Draws the strip. Throws ``PlotError`` if the image count is not `latentLabels.count * values.count`,
    /// a value is not finite, or a layout setting is out of range.
    public func render() throws -> RasterImage {
        guard !latentLabels.isEmpty, !values.isEmpty else {
            throw PlotError("TraversalStrip: needs at least one latent and one value, got \(latentLabels.count) and \(values.count)")
        }
        guard images.count == latentLabels.count * values.count else {
            throw PlotError(
                "TraversalStrip: \(latentLabels.count) latents x \(values.count) values need \(latentLabels.count * values.count) images, got \(images.count)")
        }
        if let bad = values.first(where: { !$0.isFinite }) {
            throw PlotError("TraversalStrip: traversal value \(bad) is not finite")
        }
        var grid = ImageGrid(images: images, columns: values.count)
        grid.cellScale = cellScale
        grid.padding = padding
        grid.labelScale = labelScale
        grid.title = title
        grid.rowLabels = latentLabels
        grid.columnLabels = values.map { NumberFormatting.compact($0) }
        return try grid.render()
    }
}
