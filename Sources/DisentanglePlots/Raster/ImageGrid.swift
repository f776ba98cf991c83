import DisentangleTensor

/// A grid of images with optional title, row labels and column labels, rendered into one ``RasterImage``.
///
/// Cells are filled row by row. Every cell is as large as the largest image (smaller images are centred) and
/// is enlarged by ``cellScale`` with nearest-neighbour sampling, so 32 x 32 reconstructions stay crisp.
///
/// ```swift
/// var grid = try ImageGrid.rows([inputs, reconstructions], labels: ["input", "SBD"], values: .logits)
/// grid.title = "Reconstructions"
/// try grid.render().writePNG(to: URL(fileURLWithPath: "recon.png"))
/// ```
public struct ImageGrid: Sendable {
    /// The images, filled into the grid row by row.
    public var images: [RasterImage]
    /// The number of columns.
    public var columns: Int
    /// The integer enlargement of every image, or `nil` to pick the smallest factor that makes cells at least
    /// 64 pixels on their longer side.
    public var cellScale: Int?
    /// The gap between cells and around the grid, in output pixels.
    public var padding: Int = 4
    /// The colour behind and between the cells.
    public var background: RGBColor = .white
    /// The colour of the title and labels.
    public var labelColor = RGBColor(gray: 34)
    /// The enlargement of the ``BitmapFont`` used for the title and labels.
    public var labelScale: Int = 2
    /// A title drawn above the grid.
    public var title: String?
    /// One label per row, drawn to the left of the row.
    public var rowLabels: [String]?
    /// One label per column, drawn centred above the column.
    public var columnLabels: [String]?

    /// Creates a grid of `images` with `columns` columns.
    public init(images: [RasterImage], columns: Int) {
        self.images = images
        self.columns = columns
    }

    /// Creates a grid from a batch tensor `[N, C, H, W]` with `columns` columns, reading scalars as `values`.
    /// Throws ``PlotError`` if the batch is not a valid image batch.
    public init(batch: Tensor, columns: Int, values: TensorImageValues = .unitInterval) throws {
        self.init(images: try RasterImage.images(fromBatch: batch, values: values), columns: columns)
    }

    /// Creates a grid with one row per batch (each `[N, C, H, W]` with the same `N`), labelled by `labels`:
    /// the usual layout for inputs above their reconstructions.
    ///
    /// Throws ``PlotError`` if there are no batches, the label count differs from the batch count, or the
    /// batches hold different numbers of images.
    public static func rows(_ batches: [Tensor], labels: [String], values: TensorImageValues = .unitInterval) throws -> ImageGrid {
        guard !batches.isEmpty else { throw PlotError("ImageGrid.rows: no batches given") }
        guard labels.count == batches.count else {
            throw PlotError("ImageGrid.rows: \(batches.count) batches but \(labels.count) labels")
        }
        var images = [RasterImage]()
        var columns = 0
        for (index, batch) in batches.enumerated() {
            let row = try RasterImage.images(fromBatch: batch, values: values)
            if index == 0 { columns = row.count }
            guard row.count == columns else {
                throw PlotError("ImageGrid.rows: batch 0 has \(columns) images but batch \(index) has \(row.count)")
            }
            images += row
        }
        var grid = ImageGrid(images: images, columns: columns)
        grid.rowLabels = labels
        return grid
    }

    /// Draws the grid. Throws ``PlotError`` if there are no images, a setting is out of range, or the label
    /// counts do not match the number of rows or columns.
    public func render() throws -> RasterImage {
        guard !images.isEmpty else { throw PlotError("ImageGrid: no images to draw") }
        guard (1...4096).contains(columns) else { throw PlotError("ImageGrid: columns must be in 1...4096, got \(columns)") }
        guard (0...256).contains(padding) else { throw PlotError("ImageGrid: padding must be in 0...256, got \(padding)") }
        guard (1...16).contains(labelScale) else {
            throw PlotError("ImageGrid: labelScale must be in 1...16, got \(labelScale)")
        }
        let rows = (images.count + columns - 1) / columns
        if let rowLabels, rowLabels.count != rows {
            throw PlotError("ImageGrid: \(rows) rows but \(rowLabels.count) row labels")
        }
        if let columnLabels, columnLabels.count != columns {
            throw PlotError("ImageGrid: \(columns) columns but \(columnLabels.count) column labels")
        }
        let naturalWidth = images.map(\.width).max()!, naturalHeight = images.map(\.height).max()!
        let scale = cellScale ?? max(1, (64 + max(naturalWidth, naturalHeight) - 1) / max(naturalWidth, naturalHeight))
        guard (1...64).contains(scale) else { throw PlotError("ImageGrid: cellScale must be in 1...64, got \(scale)") }

        let cellWidth = naturalWidth * scale, cellHeight = naturalHeight * scale
        let textHeight = BitmapFont.height(scale: labelScale)
        let gap = 2 * labelScale + 2
        let labelColumnWidth = rowLabels.map { labels in labels.map { BitmapFont.width(of: $0, scale: labelScale) }.max()! + 2 * gap } ?? 0
        let titleHeight = title == nil ? 0 : textHeight + 2 * gap
        let headerHeight = columnLabels == nil ? 0 : textHeight + gap
        let gridWidth = columns * cellWidth + (columns - 1) * padding
        let gridHeight = rows * cellHeight + (rows - 1) * padding
        let titleWidth = title.map { BitmapFont.width(of: $0, scale: labelScale) } ?? 0
        let width = 2 * padding + max(labelColumnWidth + gridWidth, titleWidth)
        let height = 2 * padding + titleHeight + headerHeight + gridHeight
        try RasterImage.validateSize(width: width, height: height, context: "ImageGrid (use fewer images or a smaller cellScale)")

        let needsColor = images.contains { $0.format == .rgb } || !background.isGray || !labelColor.isGray
        var canvas = try RasterImage(width: width, height: height, format: needsColor ? .rgb : .grayscale, fill: background)
        if let title {
            canvas.drawText(title, x: padding, y: padding + gap, color: labelColor, scale: labelScale)
        }
        let gridLeft = padding + labelColumnWidth
        let gridTop = padding + titleHeight + headerHeight
        if let columnLabels {
            for (column, label) in columnLabels.enumerated() {
                let centre = gridLeft + column * (cellWidth + padding) + cellWidth / 2
                let x = centre - BitmapFont.width(of: label, scale: labelScale) / 2
                canvas.drawText(label, x: x, y: gridTop - headerHeight, color: labelColor, scale: labelScale)
            }
        }
        if let rowLabels {
            for (row, label) in rowLabels.enumerated() {
                let y = gridTop + row * (cellHeight + padding) + (cellHeight - textHeight) / 2 + labelScale
                canvas.drawText(label, x: padding + gap, y: y, color: labelColor, scale: labelScale)
            }
        }
        for (index, image) in images.enumerated() {
            let row = index / columns, column = index % columns
            let scaledImage = try image.scaled(by: scale)
            let x = gridLeft + column * (cellWidth + padding) + (cellWidth - scaledImage.width) / 2
            let y = gridTop + row * (cellHeight + padding) + (cellHeight - scaledImage.height) / 2
            canvas.draw(scaledImage, x: x, y: y)
        }
        return canvas
    }
}
