import DisentanglePlots
import DisentangleTensor
import Testing

@Suite("Raster images, grids and traversal strips")
struct RasterImageTests {
    @Test("tensors in [0, 1] become bytes, clamped, for [H, W], [C, H, W] and [1, C, H, W]")
    func fromTensor() throws {
        let gray = try RasterImage(tensor: Tensor(shape: [2, 2], scalars: [0, 0.5, 1, 2]))
        #expect(gray.format == .grayscale && gray.width == 2 && gray.height == 2)
        #expect(gray.pixels == [0, 128, 255, 255])
        let clampedLow = try RasterImage(tensor: Tensor(shape: [1, 1, 1], scalars: [-3]))
        #expect(clampedLow.pixels == [0])
        // Planar CHW becomes interleaved RGB.
        let rgb = try RasterImage(tensor: Tensor(shape: [1, 3, 1, 2], scalars: [1, 0, 0, 1, 0, 0]))
        #expect(rgb.format == .rgb)
        #expect(rgb[0, 0] == RGBColor(red: 255, green: 0, blue: 0))
        #expect(rgb[1, 0] == RGBColor(red: 0, green: 255, blue: 0))
    }

    @Test("logits pass through a sigmoid")
    func logits() throws {
        let image = try RasterImage(tensor: Tensor(shape: [1, 3], scalars: [-100, 0, 100]), values: .logits)
        #expect(image.pixels == [0, 128, 255])
    }

    @Test("bad tensors throw clear errors instead of crashing")
    func badTensors() {
        #expect(throws: PlotError.self) { try RasterImage(tensor: Tensor(shape: [2, 2, 2], scalars: [Float](repeating: 0, count: 8))) }
        #expect(throws: PlotError.self) { try RasterImage(tensor: Tensor(shape: [4], scalars: [0, 0, 0, 0])) }
        #expect(throws: PlotError.self) { try RasterImage(tensor: Tensor(shape: [0, 3], scalars: [])) }
        do {
            _ = try RasterImage(tensor: Tensor(shape: [2, 2], scalars: [0, .nan, 0, 0]))
            Issue.record("NaN was accepted")
        } catch let error as PlotError {
            #expect(error.description.contains("NaN") && error.description.contains("row 0, column 1"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(throws: PlotError.self) { try RasterImage.images(fromBatch: Tensor(shape: [0, 1, 2, 2], scalars: [])) }
        #expect(throws: PlotError.self) { try RasterImage(width: 2, height: 2, format: .rgb, pixels: [0, 0, 0]) }
        #expect(throws: PlotError.self) { try RasterImage(width: 0, height: 2, format: .grayscale, fill: .black) }
    }

    @Test("a batch splits into images in order")
    func batch() throws {
        let batch = Tensor(shape: [3, 1, 1, 2], scalars: [0, 1, 1, 0, 0.5, 0.5])
        let images = try RasterImage.images(fromBatch: batch)
        #expect(images.map(\.pixels) == [[0, 255], [255, 0], [128, 128]])
    }

    @Test("nearest-neighbour scaling replicates pixels")
    func scaling() throws {
        let image = try RasterImage(width: 2, height: 1, format: .grayscale, pixels: [10, 20])
        let scaled = try image.scaled(by: 3)
        #expect(scaled.width == 6 && scaled.height == 3)
        #expect(scaled.pixels == [10, 10, 10, 20, 20, 20, 10, 10, 10, 20, 20, 20, 10, 10, 10, 20, 20, 20])
        #expect(throws: PlotError.self) { try image.scaled(by: 0) }
    }

    @Test("the bitmap font draws ink for every printable ASCII character")
    func font() throws {
        for ascii in 33..<127 {
            let character = String(UnicodeScalar(UInt8(ascii)))
            var canvas = try RasterImage(width: 8, height: 12, format: .grayscale, fill: .black)
            canvas.drawText(character, x: 1, y: 1, color: .white)
            let ink = canvas.pixels.filter { $0 == 255 }.count
            #expect(ink > 0, "no ink for \(character)")
            #expect(canvas.pixels.enumerated().allSatisfy { index, value in
                value == 0 || (index % 8 >= 1 && index % 8 < 6)
            }, "glyph \(character) is wider than 5 pixels")
        }
        #expect(BitmapFont.width(of: "abc", scale: 2) == (2 * 6 + 5) * 2)
        #expect(BitmapFont.width(of: "") == 0)
    }

    @Test("a grid has the expected size, labels, and format")
    func grid() throws {
        let batch = Tensor(shape: [6, 1, 4, 4], scalars: [Float](repeating: 1, count: 96))
        var grid = try ImageGrid(batch: batch, columns: 3)
        grid.cellScale = 2
        grid.padding = 2
        let plain = try grid.render()
        #expect(plain.width == 2 * 2 + 3 * 8 + 2 * 2)
        #expect(plain.height == 2 * 2 + 2 * 8 + 1 * 2)
        #expect(plain.format == .grayscale)
        grid.rowLabels = ["in", "out"]
        grid.columnLabels = ["a", "b", "c"]
        grid.title = "Title"
        let labelled = try grid.render()
        #expect(labelled.width > plain.width && labelled.height > plain.height)
        grid.rowLabels = ["only one"]
        #expect(throws: PlotError.self) { try grid.render() }
        #expect(throws: PlotError.self) { try ImageGrid(images: [], columns: 2).render() }
        #expect(throws: PlotError.self) { try ImageGrid(batch: batch, columns: 0).render() }
    }

    @Test("rows of batches line up inputs with reconstructions")
    func rows() throws {
        let inputs = Tensor(shape: [4, 1, 8, 8], scalars: [Float](repeating: 0, count: 256))
        let outputs = Tensor(shape: [4, 1, 8, 8], scalars: [Float](repeating: 0, count: 256))
        let grid = try ImageGrid.rows([inputs, outputs], labels: ["input", "output"], values: .logits)
        #expect(grid.columns == 4 && grid.images.count == 8)
        _ = try grid.render()
        let short = Tensor(shape: [3, 1, 8, 8], scalars: [Float](repeating: 0, count: 192))
        #expect(throws: PlotError.self) { try ImageGrid.rows([inputs, short], labels: ["a", "b"]) }
        #expect(throws: PlotError.self) { try ImageGrid.rows([inputs], labels: ["a", "b"]) }
    }

    @Test("traversal strips accept [L*V, C, H, W] and [L, V, C, H, W] and check counts")
    func traversal() throws {
        let flat = Tensor(shape: [6, 1, 4, 4], scalars: [Float](repeating: 0.5, count: 96))
        let strip = try TraversalStrip(decoded: flat, latentLabels: ["z0", "z1"], values: [-2, 0, 2])
        let image = try strip.render()
        #expect(image.width > 3 * 64 && image.height > 2 * 64)
        let nested = flat.reshaped([2, 3, 1, 4, 4])
        #expect(try TraversalStrip(decoded: nested, latentLabels: ["z0", "z1"], values: [-2, 0, 2]).render() == image)
        #expect(throws: PlotError.self) { try TraversalStrip(decoded: nested, latentLabels: ["z0"], values: [-2, 0, 2]) }
        #expect(throws: PlotError.self) {
            try TraversalStrip(decoded: flat, latentLabels: ["z0"], values: [-2, 0, 2]).render()
        }
        #expect(throws: PlotError.self) {
            try TraversalStrip(decoded: flat, latentLabels: ["z0", "z1"], values: [-2, .nan, 2]).render()
        }
    }

    @Test("extreme sizes and coordinates throw or clip instead of crashing")
    func extremes() throws {
        #expect(throws: PlotError.self) { try RasterImage(width: Int.max, height: 2, format: .rgb, fill: .black) }
        #expect(throws: PlotError.self) { try RasterImage(width: 20_000, height: 20_000, format: .rgb, fill: .black) }
        var image = try RasterImage(width: 4, height: 4, format: .rgb, fill: .black)
        let untouched = image
        image.fillRectangle(x: Int.max - 1, y: 0, width: Int.max, height: 2, color: .white)
        image.fillRectangle(x: Int.min, y: Int.min, width: 3, height: 3, color: .white)
        image.drawText("far away", x: Int.min, y: Int.max, color: .white, scale: Int.max)
        image.draw(untouched, x: Int.max, y: Int.min)
        #expect(image == untouched)
        image.fillRectangle(x: -2, y: -2, width: Int.max, height: 3, color: .white)
        #expect(image[3, 0] == .white && image[3, 1] == RGBColor.black)
        #expect(throws: PlotError.self) { try RasterImage(width: 30_000, height: 30_000, format: .grayscale, pixels: []).scaled(by: 2) }
        let wide = try RasterImage(width: 8_000, height: 1, format: .grayscale, fill: .black)
        #expect(throws: PlotError.self) { try wide.scaled(by: 8) }
        #expect(throws: PlotError.self) { try ImageGrid(images: [wide], columns: Int.max).render() }
    }
}
