import DisentangleDatasets
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

@Suite("Loaders of image arrays, MPI3D, SmallNORB and MNIST on files made by NumPy")
struct FormatLoaderTests {
    /// Element 0 of every fixture image holds its stored row; the other elements follow the script's pattern.
    private func expectMarked(_ image: ArraySlice<Float>, row: Int, channelsLastShape shape: [Int]? = nil) {
        let values = Array(image)
        #expect(values[0] == Float(row) / 255, "row \(row)")
        guard let shape else {
            for e in 1..<values.count { #expect(values[e] == FormatFixtures.pattern(e)) }
            return
        }
        // Stored H x W x C, handed out C x H x W.
        let (h, w, c) = (shape[0], shape[1], shape[2])
        for channel in 0..<c {
            for y in 0..<h {
                for x in 0..<w where channel + y + x > 0 {
                    #expect(values[(channel * h + y) * w + x] == FormatFixtures.pattern((y * w + x) * c + channel))
                }
            }
        }
    }

    @Test("a channels-last .npy with labels forming a grid in shuffled order becomes a ground-truth dataset")
    func npyGrid() throws {
        let labeled = try LabeledImages(
            npyAt: FormatFixtures.url("grid_nhwc.npy"), factorsAt: FormatFixtures.url("grid_factors.npy"), factorNames: ["a", "b"])
        #expect(labeled.images.layout == .nhwc && labeled.observationShape == [3, 5, 4] && labeled.count == 6)
        #expect(labeled.factors == [Factor(name: "a", values: [0.5, 1.5]), Factor(name: "b", values: [0, 1, 2])])
        let dataset = try ImageArrayDataset(labeled)
        #expect(dataset.factorSizes == [2, 3])
        // grid_factors.npy rows (a, b): (1.5,0) (0.5,2) (1.5,1) (0.5,0) (1.5,2) (0.5,1).
        let storedRowOfGridIndex = [3, 5, 1, 0, 2, 4]
        let images = try dataset.observations(for: dataset.factorClasses(at: Array(0..<6)))
        for index in 0..<6 {
            expectMarked(images.scalars[(index * 60)..<((index + 1) * 60)], row: storedRowOfGridIndex[index], channelsLastShape: [5, 4, 3])
        }
    }

    @Test("an unlabelled float .npy is memory-mapped and read as it is")
    func npyFloat() throws {
        let labeled = try LabeledImages(npyAt: FormatFixtures.url("float_nchw.npy"), factorsAt: nil)
        #expect(labeled.factors.isEmpty && labeled.images.layout == .nchw && labeled.observationShape == [1, 5, 5])
        let images = try labeled.observations(rows: [3, 0])
        #expect(images.scalars[0] == 0.03 && images.scalars[25] == 0)
        #expect(images.scalars[1] == Float(Double(1 * 7 % 50 + 100) / 1000))
        #expect(datasetError { _ = try ImageArrayDataset(labeled) }?.contains("no factor labels") == true)
        #expect(datasetError { _ = try labeled.observations(rows: [4]) }?.contains("image 4 is outside 0..<4") == true)
    }

    @Test("a compressed .npz with labels that are not a grid loads as labelled images")
    func npzPartialLabels() throws {
        let labeled = try LabeledImages(npzAt: FormatFixtures.url("partial_labels.npz"))
        #expect(labeled.factors == [Factor(name: "factor0", values: [0, 1, 3])])
        #expect(try labeled.factorClasses(rows: [0, 1, 2, 3, 4]).classes == [2, 1, 2, 0, 1])
        let images = try labeled.observations(rows: [4])
        expectMarked(images.scalars[...], row: 4)
        #expect(datasetError { _ = try ImageArrayDataset(labeled) }?.contains("do not form a full grid") == true)
    }

    @Test("a stored .npz member is read in place; an ambiguous channel axis needs the layout")
    func npzStored() throws {
        let url = FormatFixtures.url("stored.npz")
        #expect(datasetError { _ = try LabeledImages(npzAt: url) }?.contains("member 'x': cannot tell the channel axis of shape [6, 2, 3, 3]") == true)
        let labeled = try LabeledImages(npzAt: url, factorNames: ["p", "q"], layout: .nchw)
        #expect(labeled.observationShape == [2, 3, 3])
        let dataset = try ImageArrayDataset(labeled)
        #expect(dataset.factorSizes == [3, 2])
        // Labels are the grid rows reversed: grid index i is stored row 5 - i.
        let images = try dataset.observations(for: dataset.factorClasses(at: [0, 5]))
        expectMarked(images.scalars[0..<18], row: 5)
        expectMarked(images.scalars[18..<36], row: 0)
        #expect(datasetError { _ = try LabeledImages(npzAt: url, imagesMember: "images") }?.contains("no member 'images'; the archive holds 'x', 'y'") == true)
        #expect(datasetError { _ = try LabeledImages(npzAt: url, factorsMember: "labels", layout: .nchw) }?.contains("no member 'labels'") == true)
        #expect(datasetError { _ = try LabeledImages(npzAt: url, imagesMember: "y") }?.contains("member 'y': images have dtype '<i4'") == true)
        let mpi3d = datasetError { _ = try LabeledImages(npzAt: FormatFixtures.url("mpi3d_small.npz"), factorsMember: "images", layout: .nhwc) }
        #expect(mpi3d?.contains("mpi3d_small: factors have shape [24, 4, 4, 3]") == true, "\(mpi3d ?? "no error")")
    }

    @Test("the dSprites layout stored uncompressed loads like the published archive")
    func dspritesStored() throws {
        let dataset = try ImageArrayDataset(dSpritesArchiveAt: FormatFixtures.url("dsprites_stored.npz"))
        #expect(dataset.factorNames == ["shape", "orientation", "posX"] && dataset.factorSizes == [2, 2, 2])
        #expect(dataset.factors[1].values == [0, .pi])
        let images = try dataset.observations(for: dataset.factorClasses(at: Array(0..<8)))
        for i in 0..<8 {
            let plane = Array(images.scalars[(i * 36)..<((i + 1) * 36)])
            #expect(plane == (0..<36).map { $0 == i ? 1 : 0 }, "image \(i)")
        }
    }

    @Test("MPI3D: images in grid order, the grid from the count or given")
    func mpi3d() throws {
        let url = FormatFixtures.url("mpi3d_small.npz")
        let dataset = try ImageArrayDataset(mpi3DArchiveAt: url, factorSizes: [2, 1, 1, 2, 1, 3, 2])
        #expect(dataset.factorNames == ImageArrayDataset.mpi3DFactorNames && dataset.observationShape == [3, 4, 4])
        let image = try dataset.observations(for: dataset.factorClasses(at: [17]))
        expectMarked(image.scalars[...], row: 17, channelsLastShape: [4, 4, 3])
        #expect(ImageArrayDataset.mpi3DFactorSizes(imageCount: 460_800) == [4, 4, 2, 3, 3, 40, 40])
        #expect(ImageArrayDataset.mpi3DFactorSizes(imageCount: 1_036_800) == [6, 6, 2, 3, 3, 40, 40])
        #expect(datasetError { _ = try ImageArrayDataset(mpi3DArchiveAt: url) }?.contains("holds 24 images; an MPI3D archive holds 460800") == true)
        #expect(datasetError { _ = try ImageArrayDataset(mpi3DArchiveAt: url, factorSizes: [2, 2]) }?.contains("must have 7 positive sizes") == true)
        #expect(datasetError { _ = try ImageArrayDataset(mpi3DArchiveAt: url, factorSizes: [2, 1, 1, 2, 1, 3, 3]) }?.contains("24 images do not fill the factor grid") == true)
        #expect(datasetError { _ = try ImageArrayDataset(mpi3DArchiveAt: FormatFixtures.url("stored.npz")) }?.contains("no member 'images'") == true)
    }

    private let norb = ["smallnorb-tiny-training-dat.mat", "smallnorb-tiny-training-cat.mat", "smallnorb-tiny-training-info.mat"]

    @Test("SmallNORB: binary matrices, factors from -cat and -info, either camera")
    func smallNORB() throws {
        let url = FormatFixtures.url(norb[0])
        let dataset = try ImageArrayDataset(smallNORBAt: url)
        #expect(dataset.factorNames == ImageArrayDataset.smallNORBFactorNames && dataset.factorSizes == [2, 1, 1, 3, 2])
        #expect(dataset.factors.map(\.values) == [[0, 2], [4], [0], [0, 2, 4], [1, 3]])
        #expect(dataset.observationShape == [1, 6, 6])
        let right = try ImageArrayDataset(smallNORBAt: url, camera: 1)
        let classes = try dataset.factorClasses(at: Array(0..<12))
        let left = try dataset.observations(for: classes).scalars
        let other = try right.observations(for: classes).scalars
        #expect(zip(left, other).allSatisfy { abs($0 + $1 - 1) < 1e-6 })  // camera 1 is 255 - camera 0
        #expect(Set((0..<12).map { Int((left[$0 * 36] * 255).rounded()) }) == Set(0..<12))
        #expect(datasetError { _ = try ImageArrayDataset(smallNORBAt: url, camera: 2) }?.contains("camera 2; expected 0 or 1") == true)
    }

    @Test("SmallNORB: malformed files name the file and field")
    func smallNORBErrors() throws {
        func error(_ target: Int, _ edit: (inout [UInt8]) -> Void) throws -> String? {
            let url = try FormatFixtures.edited(norb, target: norb[target], edit)
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            return datasetError { _ = try ImageArrayDataset(smallNORBAt: url.deletingLastPathComponent().appendingPathComponent(norb[0])) }
        }
        #expect(try error(0) { $0[0] = 0x99 }?.contains("-dat.mat: field 'magic': 0x1e3d4c99") == true)
        #expect(try error(0) { $0.removeLast() }?.contains("-dat.mat: dimensions [12, 2, 6, 6] of uint8 need 864 data bytes but 863 follow the header (truncated file)") == true)
        #expect(try error(0) { $0[4] = 9 }?.contains("field 'ndim': 9; expected 1...8") == true)
        #expect(try error(0) { $0[8...11] = [0xFF, 0xFF, 0xFF, 0xFF] }?.contains("field 'dim0': -1") == true)
        #expect(try error(0) { $0 = Array($0[0..<10]) }?.contains("file ends inside the 4 dimension sizes") == true)
        #expect(try error(1) { $0[8] = 11 }?.contains("-cat.mat: dimensions [11] of int32 need 44 data bytes but 48") == true)
        #expect(try error(2) { $0[0] = 0x51 }?.contains("-info.mat: elements are float32; expected integers") == true)
        #expect(try error(2) { $0[24...27] = [5, 0, 0, 0] }?.contains("smallnorb: 12 labelled images do not form a full grid") == true)
        #expect(datasetError { _ = try ImageArrayDataset(smallNORBAt: FormatFixtures.url(norb[1])) }?.contains("ends in '-dat.mat'") == true)
        let lonely = temporaryDirectory("datasets").appendingPathComponent(norb[0])
        defer { try? FileManager.default.removeItem(at: lonely.deletingLastPathComponent()) }
        try FileManager.default.copyItem(at: FormatFixtures.url(norb[0]), to: lonely)
        #expect(datasetError { _ = try ImageArrayDataset(smallNORBAt: lonely) }?.contains("-cat.mat: cannot read the file") == true)
    }

    @Test("MNIST idx fixture: 28 x 28 digits with the digit as the factor")
    func mnist() throws {
        let labeled = try LabeledImages(
            mnistImagesAt: FormatFixtures.url("train-images-idx3-ubyte.gz"), labelsAt: FormatFixtures.url("train-labels-idx1-ubyte.gz"))
        #expect(labeled.name == "mnist" && labeled.observationShape == [1, 28, 28] && labeled.count == 10)
        #expect(labeled.factors == [Factor(name: "digit", values: (0..<10).map(Double.init))])
        let images = try labeled.observations(rows: Array(0..<10))
        let digits = try labeled.factorClasses(rows: Array(0..<10)).column(0)
        for (i, digit) in digits.enumerated() {
            let plane = images.scalars[(i * 784)..<((i + 1) * 784)]
            #expect(plane[i * 784 + 10 * 28 + 2 * digit + 4] == 1 && plane.reduce(0, +) == 20, "image \(i)")
        }
    }

    @Test("malformed .npy images: truncated, bad magic, wrong dtype, wrong shape, labels that do not fit")
    func npyErrors() throws {
        let names = ["grid_nhwc.npy", "grid_factors.npy"]
        func error(_ target: String, _ edit: (inout [UInt8]) -> Void) throws -> String? {
            let url = try FormatFixtures.edited(names, target: target, edit)
            let directory = url.deletingLastPathComponent()
            defer { try? FileManager.default.removeItem(at: directory) }
            return datasetError {
                _ = try LabeledImages(npyAt: directory.appendingPathComponent(names[0]), factorsAt: directory.appendingPathComponent(names[1]))
            }
        }
        #expect(try error(names[0]) { $0.removeLast(7) }?.contains("grid_nhwc.npy: header declares shape [6, 5, 4, 3] of '|u1' (360 data bytes) but 353 follow it (truncated file)") == true)
        #expect(try error(names[0]) { $0[1] = 0x4F }?.contains("grid_nhwc.npy") == true)
        #expect(try error(names[0]) { $0.replace(Array("'|u1'".utf8), with: Array("'<i2'".utf8)) }?.contains("grid_nhwc.npy") == true)
        #expect(try error(names[1]) { $0.removeLast() }?.contains("grid_factors.npy") == true)
        let int16 = temporaryDirectory("datasets").appendingPathComponent("i.npy")
        defer { try? FileManager.default.removeItem(at: int16.deletingLastPathComponent()) }
        try NumPyArray(shape: [2, 3, 3], integers: Array(repeating: 1, count: 18), dtype: .int16).write(to: int16)
        #expect(datasetError { _ = try LabeledImages(npyAt: int16, factorsAt: nil) }?.contains("i.npy: images have dtype '<i2'; expected uint8, bool, float32 or float64") == true)
        try NumPyArray(shape: [2, 9], integers: Array(repeating: 1, count: 18), dtype: .uint8).write(to: int16)
        #expect(datasetError { _ = try LabeledImages(npyAt: int16, factorsAt: nil) }?.contains("i.npy: images have shape [2, 9]; expected N x H x W") == true)
        #expect(datasetError { _ = try LabeledImages(npyAt: int16, factorsAt: nil, layout: .nhwc) }?.contains("does not fit the layout nhwc") == true)
        try NumPyArray(shape: [2, 3, 3], integers: Array(repeating: 1, count: 18), dtype: .uint8).write(to: int16)
        #expect(datasetError { _ = try LabeledImages(npyAt: int16, factorsAt: FormatFixtures.url(names[1])) }?.contains("factors have shape [6, 2]; expected [2, K]") == true)
        #expect(datasetError { _ = try LabeledImages(npyAt: FormatFixtures.url(names[0]), factorsAt: FormatFixtures.url(names[1]), factorNames: ["a"]) }?.contains("1 factor names given for 2 factor columns") == true)
        #expect(datasetError { _ = try LabeledImages(npyAt: int16.appendingPathExtension("missing"), factorsAt: nil) }?.contains("cannot read the file") == true)
    }
}
