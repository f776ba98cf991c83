import DisentangleDatasets
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

@Suite("Stored image datasets: dSprites archive layout and .npy arrays")
struct ImageArrayDatasetTests {
    /// Writes `data` to a temporary file and passes its URL to `body`.
    private func withFile<T>(_ data: Data, name: String = "f.npz", _ body: (URL) throws -> T) throws -> T {
        let directory = temporaryDirectory("datasets")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return try body(url)
    }

    @Test("loads an archive with the real dSprites layout, dropping the constant color latent")
    func loadsDSpritesLayout() throws {
        let dataset = try withFile(fixture("dsprites_layout")) { try ImageArrayDataset(dSpritesArchiveAt: $0) }
        #expect(dataset.name == "dsprites-archive")
        #expect(dataset.factorNames == ["shape", "scale", "orientation", "posX", "posY"])
        #expect(dataset.factorSizes == [3, 2, 2, 2, 2])
        #expect(dataset.factors[0].values == [1, 2, 3] && dataset.factors[1].values == [0.5, 1])
        #expect(dataset.factors[2].values == [0, .pi])
        #expect(dataset.observationShape == [1, 8, 8])
        let images = Images(try dataset.observations(for: dataset.factorClasses(at: Array(0..<48))))
        for i in 0..<48 {
            var expected = [Float](repeating: 0, count: 64)
            expected[0] = 1
            expected[1 + i % 63] = 1
            #expect(Array(images.plane(i)) == expected, "image \(i)")
        }
    }

    private func layout(
        imgs: [UInt8]? = nil, classes: [UInt8]? = nil, values: [UInt8]? = nil, dropValues: Bool = false
    ) -> [UInt8] {
        let n = 4
        let classRows = [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 1, 1]]
        var members = [
            TestZipMember(name: "imgs.npy", data: imgs ?? npy([n, 2, 2], integers: Array(repeating: 1, count: 16), dtype: .uint8)),
            TestZipMember(name: "latents_classes.npy", data: classes ?? npy([n, 6], integers: classRows.flatMap { $0 })),
        ]
        if !dropValues {
            members.append(TestZipMember(name: "latents_values.npy", data: values ?? npy([n, 6], floats: classRows.flatMap { $0.map(Float.init) })))
        }
        return makeZip(members)
    }

    private func layoutError(_ zip: [UInt8]) -> String? {
        datasetError { _ = try ImageArrayDataset(dSpritesArchive: NPZArchive(data: Data(zip), source: "d.npz")) }
    }

    @Test("rejects dSprites-layout archives with missing members, wrong dtypes or shapes, or an incomplete grid")
    func rejectsBadDSpritesLayouts() {
        #expect(layoutError(layout()) == nil)
        #expect(layoutError(layout(dropValues: true))?.contains("no member 'latents_values'") == true)
        #expect(layoutError(layout(imgs: npy([4, 2, 2], floats: Array(repeating: 1, count: 16))))?.contains("member 'imgs' has dtype '<f4'; expected uint8") == true)
        #expect(layoutError(layout(imgs: npy([3, 2, 2], integers: Array(repeating: 1, count: 12), dtype: .uint8)))?.contains("expected [4, height, width]") == true)
        #expect(layoutError(layout(classes: npy([4, 5], integers: Array(repeating: 0, count: 20))))?.contains("expected N x 6 integers") == true)
        #expect(layoutError(layout(classes: npy([4, 6], floats: Array(repeating: 0, count: 24))))?.contains("expected N x 6 integers") == true)
        #expect(layoutError(layout(values: npy([4, 6], floats: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2])))?.contains("disagrees") == true)
        let gap = npy([4, 6], integers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2])
        #expect(layoutError(layout(classes: gap, values: npy([4, 6], floats: Array(repeating: 0, count: 24))))?.contains("never takes class 1") == true)
        let repeated = npy([4, 6], integers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0])
        let repeatedValues = npy([4, 6], floats: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0])
        #expect(layoutError(layout(classes: repeated, values: repeatedValues))?.contains("have the same factor classes") == true)
    }

    @Test("streams images across chunk boundaries at unaligned offsets, as bits or as 8-bit intensities", arguments: [false, true])
    func streamsLargeMembers(withIntensity: Bool) throws {
        // 300 images of 64 x 64 (1.2 MB, more than one decompression chunk) behind a header of odd length, so
        // chunk boundaries fall at element offsets that are not multiples of 8.
        let n = 300
        var pixels = [UInt8](repeating: 0, count: n * 4096)
        for i in 0..<n { pixels[i * 4096 + (i * 37) % 4096] = 1 }
        if withIntensity { pixels[n * 4096 - 5] = 200 }
        let dictionary = "{'descr': '|u1', 'fortran_order': False, 'shape': (\(n), 64, 64), }    \n"
        let header: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(dictionary.utf8.count), 0] + Array(dictionary.utf8)
        #expect(header.count % 8 != 0)
        var classes: [Int] = []
        for shape in 0..<3 { for scale in 0..<2 { for o in 0..<2 { for x in 0..<5 { for y in 0..<5 { classes += [0, shape, scale, o, x, y] } } } } }
        let zip = makeZip([
            TestZipMember(name: "imgs.npy", data: header + pixels, method: 8),
            TestZipMember(name: "latents_classes.npy", data: npy([n, 6], integers: classes)),
            TestZipMember(name: "latents_values.npy", data: npy([n, 6], floats: classes.map(Float.init))),
        ])
        let dataset = try ImageArrayDataset(dSpritesArchive: NPZArchive(data: Data(zip)))
        let rendered = try dataset.observations(for: dataset.factorClasses(at: Array(0..<n))).scalars
        #expect(rendered == pixels.map { withIntensity ? Float($0) / 255 : Float($0) })
    }

    @Test("pairs .npy image and label arrays in any row order, channels first or last")
    func loadsArrays() throws {
        // Four RGB 2 x 3 images, channels last, labelled by position values given as floats, rows shuffled.
        let labels: [[Float]] = [[0.25, 0.1], [0.25, 0.2], [0.75, 0.1], [0.75, 0.2]]
        let order = [2, 0, 3, 1]
        var pixels: [Float] = []
        for row in order {
            for p in 0..<6 { for c in 0..<3 { pixels.append(Float(row * 100 + c * 10 + p)) } }
        }
        let images = try NumPyArray(shape: [4, 2, 3, 3], floats: pixels)
        let factors = try NumPyArray(shape: [4, 2], floats: order.flatMap { labels[$0] })
        let dataset = try ImageArrayDataset(name: "toy", images: images, factors: factors, factorNames: ["x", "y"], channelsLast: true)
        #expect(dataset.factorSizes == [2, 2] && dataset.factors[1].values == [Double(Float(0.1)), Double(Float(0.2))])
        #expect(dataset.observationShape == [3, 2, 3])
        let rendered = Images(try dataset.observations(for: FactorClasses(rows: [[1, 0]])))
        for c in 0..<3 {
            #expect(Array(rendered.plane(0, channel: c)) == (0..<6).map { Float(200 + c * 10 + $0) })
        }
        // uint8 intensities are scaled by 1/255; binary uint8 stays 0/1.
        let gray = try ImageArrayDataset(
            name: "gray", images: NumPyArray(shape: [2, 1, 2], integers: [0, 255, 51, 1], dtype: .uint8),
            factors: NumPyArray(shape: [2], integers: [5, 3]))
        #expect(gray.factorNames == ["factor0"] && gray.factors[0].values == [3, 5])
        #expect(try gray.observations(for: FactorClasses(rows: [[0], [1]])).scalars == [51 / 255, 1 / 255, 0, 1])
        let binary = try ImageArrayDataset(
            name: "binary", images: NumPyArray(shape: [2, 1, 2], integers: [0, 1, 1, 1], dtype: .uint8),
            factors: NumPyArray(shape: [2], integers: [0, 1]))
        #expect(try binary.observations(for: FactorClasses(rows: [[0], [1]])).scalars == [0, 1, 1, 1])
    }

    @Test("loads .npy files and reports problems naming the file or array")
    func arrayErrors() throws {
        let directory = temporaryDirectory("datasets")
        defer { try? FileManager.default.removeItem(at: directory) }
        let imagesURL = directory.appendingPathComponent("images.npy")
        let factorsURL = directory.appendingPathComponent("factors.npy")
        try NumPyArray(shape: [2, 2, 2], integers: [0, 1, 1, 0, 1, 1, 1, 1], dtype: .uint8).write(to: imagesURL)
        try NumPyArray(shape: [2, 1], integers: [0, 1]).write(to: factorsURL)
        let loaded = try ImageArrayDataset(name: "files", imagesAt: imagesURL, factorsAt: factorsURL)
        #expect(try loaded.observations(for: FactorClasses(rows: [[1]])).scalars == [1, 1, 1, 1])

        try Data([1, 2, 3]).write(to: factorsURL)
        #expect(datasetError { _ = try ImageArrayDataset(name: "files", imagesAt: imagesURL, factorsAt: factorsURL) }?.contains("factors.npy") == true)

        let images = try NumPyArray(shape: [2, 2, 2], integers: Array(repeating: 0, count: 8), dtype: .uint8)
        func error(_ images: NumPyArray, _ factors: NumPyArray, names: [String]? = nil) -> String? {
            datasetError { _ = try ImageArrayDataset(name: "a", images: images, factors: factors, factorNames: names) }
        }
        #expect(error(try NumPyArray(shape: [2, 4], integers: Array(repeating: 0, count: 8), dtype: .uint8), try NumPyArray(shape: [2], integers: [0, 1]))?.contains("a: images: images have shape [2, 4]; expected N x H x W") == true)
        #expect(error(images, try NumPyArray(shape: [3], integers: [0, 1, 2]))?.contains("expected [2, K]") == true)
        #expect(error(images, try NumPyArray(shape: [2, 0], integers: [])) != nil)
        #expect(error(images, try NumPyArray(shape: [2], integers: [0, 1]), names: ["a", "b"])?.contains("2 factor names given for 1") == true)
        #expect(error(try NumPyArray(shape: [2, 2, 2], integers: Array(repeating: 0, count: 8), dtype: .int32), try NumPyArray(shape: [2], integers: [0, 1]))?.contains("expected uint8, bool, float32 or float64") == true)
        #expect(error(images, try NumPyArray(shape: [2], integers: [4, 4]))?.contains("do not form a full grid") == true)
        let four = try NumPyArray(shape: [4, 1, 1], integers: [0, 0, 0, 0], dtype: .uint8)
        #expect(error(four, try NumPyArray(shape: [4, 2], integers: [0, 0, 0, 0, 1, 1, 0, 1]))?.contains("images 0 and 1 have the same factor classes") == true)
        #expect(error(images, try NumPyArray(shape: [2, 2], integers: [0, 0, 1, 1]))?.contains("do not form a full grid") == true)
        #expect(error(images, try NumPyArray(shape: [2], doubles: [.nan, 1]))?.contains("NaN") == true)
    }
}
