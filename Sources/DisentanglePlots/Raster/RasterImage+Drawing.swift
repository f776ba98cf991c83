extension RasterImage {
    /// Fills the rectangle with top-left corner (`x`, `y`) and the given size with `color`; the parts outside
    /// the image are ignored.
    public mutating func fillRectangle(x: Int, y: Int, width rectWidth: Int, height rectHeight: Int, color: RGBColor) {
        let columns = RasterImage.clip(start: x, length: rectWidth, limit: width)
        let rows = RasterImage.clip(start: y, length: rectHeight, limit: height)
        guard !columns.isEmpty, !rows.isEmpty else { return }
        let (x0, x1, y0, y1) = (columns.lowerBound, columns.upperBound, rows.lowerBound, rows.upperBound)
        let channels = format.channelCount
        let components = format == .grayscale ? [color.green] : [color.red, color.green, color.blue]
        let rowWidth = width
        withMutableSamples { samples in
            for row in y0..<y1 {
                for column in x0..<x1 {
                    let offset = (row * rowWidth + column) * channels
                    for channel in 0..<channels { samples[offset + channel] = components[channel] }
                }
            }
        }
    }

    /// Copies `image` so that its top-left corner lands at (`x`, `y`), converting its pixel format to this
    /// image's; the parts outside this image are ignored.
    public mutating func draw(_ image: RasterImage, x: Int, y: Int) {
        let source = image.converted(to: format)
        let channels = format.channelCount
        let columns = RasterImage.clip(start: x, length: source.width, limit: width)
        let rows = RasterImage.clip(start: y, length: source.height, limit: height)
        guard !columns.isEmpty, !rows.isEmpty else { return }
        let (x0, x1, y0, y1) = (columns.lowerBound, columns.upperBound, rows.lowerBound, rows.upperBound)
        let rowWidth = width
        withMutableSamples { samples in
            for row in y0..<y1 {
                let sourceOffset = ((row - y) * source.width + (x0 - x)) * channels
                let targetOffset = (row * rowWidth + x0) * channels
                let count = (x1 - x0) * channels
                for i in 0..<count { samples[targetOffset + i] = source.pixels[sourceOffset + i] }
            }
        }
    }

    /// This image enlarged by an integer factor with nearest-neighbour sampling, so pixels stay crisp.
    /// Throws ``PlotError`` if `factor` is not in `1...64`.
    public func scaled(by factor: Int) throws -> RasterImage {
        guard (1...64).contains(factor) else {
            throw PlotError("RasterImage.scaled(by:): factor must be in 1...64, got \(factor)")
        }
        guard factor > 1 else { return self }
        let channels = format.channelCount
        let newWidth = width * factor, newHeight = height * factor
        try RasterImage.validateSize(width: newWidth, height: newHeight, context: "RasterImage.scaled(by:)")
        var samples = [UInt8](repeating: 0, count: newWidth * newHeight * channels)
        for row in 0..<newHeight {
            let sourceRow = row / factor
            for column in 0..<newWidth {
                let source = (sourceRow * width + column / factor) * channels
                let target = (row * newWidth + column) * channels
                for channel in 0..<channels { samples[target + channel] = pixels[source + channel] }
            }
        }
        return RasterImage(unchecked: newWidth, newHeight, format, samples)
    }

    /// Draws `text` in the built-in ``BitmapFont`` with the top-left of its first glyph at (`x`, `y`), each
    /// font pixel drawn as a `scale` x `scale` block (`scale` is clamped to `1...256`). Characters the font
    /// lacks are drawn as `?`.
    public mutating func drawText(_ text: String, x: Int, y: Int, color: RGBColor, scale: Int = 1) {
        let step = min(max(1, scale), 256)
        guard x > -RasterImage.maximumPixelCount, x < width, y > -RasterImage.maximumPixelCount, y < height else { return }
        var penX = x
        for character in text {
            let rows = BitmapFont.glyph(for: character)
            for (row, bits) in rows.enumerated() where bits != 0 {
                for column in 0..<BitmapFont.glyphWidth where bits & (1 << (BitmapFont.glyphWidth - 1 - column)) != 0 {
                    fillRectangle(x: penX + column * step, y: y + row * step, width: step, height: step, color: color)
                }
            }
            penX += BitmapFont.advance * step
        }
    }
}

extension RasterImage {
    /// The part of `start ..< start + length` inside `0 ..< limit`, computed without overflow.
    fileprivate static func clip(start: Int, length: Int, limit: Int) -> Range<Int> {
        guard length > 0, start < limit else { return 0..<0 }
        let (end, overflow) = start.addingReportingOverflow(length)
        let lower = max(0, start), upper = overflow ? limit : min(limit, end)
        return lower < upper ? lower..<upper : 0..<0
    }
}
