import DisentangleDatasets
import DisentangleHDF5
import DisentangleTensor
import Foundation

/// Resolves the `--dataset` strings of runs and the command line to datasets: a name from `DatasetCatalog`, or a
/// file as ``DatasetSpecification`` describes (`[FORMAT:]PATH[?KEY=VALUE&...]`).
///
/// Without a format, the file's first bytes decide: `\x93NUMPY` is `npy`; a zip archive is `dsprites` if it holds
/// `imgs` and `latents_classes`, `mpi3d` if it holds only `images` and their count is an MPI3D grid's, else `npz`;
/// the HDF5 signature (at byte 0, or after a user block at 512, 1024, …) is `shapes3d`; a SmallNORB magic is `smallnorb`; an IDX header or gzip data is `mnist`.
/// Files with labels forming a full grid load as ``LoadedDataset/grid(_:)``, others as
/// ``LoadedDataset/labeled(_:)``.
public enum DatasetSource {
    /// The dataset a specification names, with or without a full factor grid.
    ///
    /// - Throws: ``RunError`` for a malformed specification or an unknown name, `DatasetError` naming the file and
    ///   field for a file that cannot be read.
    public static func load(_ specification: String) throws -> LoadedDataset {
        if let dataset = try? DatasetCatalog.dataset(named: specification) { return .grid(dataset) }
        let parsed = try resolved(specification)
        let url = URL(fileURLWithPath: parsed.path)
        switch parsed.format! {
        case .npy:
            let factors = parsed.option("factors").map { URL(fileURLWithPath: $0) }
            return try grouped(LabeledImages(npyAt: url, factorsAt: factors, factorNames: names(parsed), layout: layout(parsed)))
        case .npz:
            return try grouped(LabeledImages(
                npzAt: url, imagesMember: parsed.option("images"), factorsMember: parsed.option("factors"),
                factorNames: names(parsed), layout: layout(parsed)))
        case .dsprites:
            return .grid(try ImageArrayDataset(dSpritesArchiveAt: url))
        case .mnist:
            let labels = parsed.option("labels") ?? mnistLabelsPath(parsed.path)
            return .labeled(try LabeledImages(mnistImagesAt: url, labelsAt: URL(fileURLWithPath: labels)))
        case .shapes3d:
            return .grid(try ImageArrayDataset(shapes3DAt: url))
        case .mpi3d:
            let grid = try parsed.option("grid").map { try integers($0, option: "grid", in: parsed) }
            return .grid(try ImageArrayDataset(mpi3DArchiveAt: url, factorSizes: grid))
        case .smallnorb:
            let camera = try parsed.option("camera").map { try integers($0, option: "camera", in: parsed) }
            guard camera == nil || camera!.count == 1 else { throw RunError("dataset '\(parsed.description)': camera is one number, 0 or 1") }
            return .grid(try ImageArrayDataset(smallNORBAt: url, camera: camera?.first ?? 0))
        }
    }

    /// The dataset a specification names, which must have a full factor grid (what grid-based metrics, traversals
    /// of factors and latent-geometry probes need).
    ///
    /// - Throws: ``RunError`` if the specification names images without a full grid, and the errors of ``load(_:)``.
    public static func dataset(_ specification: String) throws -> any GroundTruthDataset {
        switch try load(specification) {
        case .grid(let dataset): return dataset
        case .labeled(let images):
            throw RunError(
                "dataset '\(specification)': \(images.name) has "
                    + (images.factors.isEmpty ? "no factor labels" : "labels (\(images.factors.map(\.name).joined(separator: ", "))) that do not form a full factor grid")
                    + ", so it supports training and metrics on observed samples, not dataset-driven evaluation")
        }
    }

    /// The specification as a run stores it: catalog names unchanged, files with their format made explicit and
    /// their paths absolute, so that resuming from another directory finds the same files.
    ///
    /// - Throws: the errors of parsing and format detection.
    public static func canonical(_ specification: String) throws -> String {
        if DatasetCatalog.knows(specification) { return specification }
        return try resolved(specification).absolute.description
    }

    /// The parsed specification with its format decided and its options checked.
    static func resolved(_ specification: String) throws -> DatasetSpecification {
        var parsed = try DatasetSpecification(parsing: specification)
        guard parsed.format == nil else { return parsed }
        guard FileManager.default.fileExists(atPath: parsed.path) else {
            throw RunError(
                "dataset '\(specification)' is neither a known dataset (\(DatasetCatalog.names.joined(separator: ", ")), circles-SIZE-rRADIUS) "
                    + "nor an existing file")
        }
        parsed.format = try detectedFormat(URL(fileURLWithPath: parsed.path))
        try parsed.checkOptions(for: parsed.format!)
        return parsed
    }

    /// The format of a file, from its first bytes (see the type's description).
    ///
    /// - Throws: `DatasetError` naming the file if it cannot be read or its format is not recognised.
    public static func detectedFormat(_ url: URL) throws -> DatasetSpecification.Format {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw DatasetError("\(url.path): cannot open the file")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 8)) ?? Data())
        func starts(_ prefix: [UInt8]) -> Bool { head.starts(with: prefix) }
        if starts(NumPyArrayHeader.magic) { return .npy }
        if starts([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]) { return .shapes3d }
        if head.count >= 4, (0x51...0x56).contains(head[0]), head[1] == 0x4C, head[2] == 0x3D, head[3] == 0x1E {
            return .smallnorb
        }
        if starts([0x1F, 0x8B]) || starts([0, 0, 0x08]) { return .mnist }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            let names = try NPZArchive(contentsOf: url).names
            if names.contains("imgs") && names.contains("latents_classes") { return .dsprites }
            if names == ["images"], let header = try? NPZArchive(contentsOf: url).header(of: "images"),
                ImageArrayDataset.mpi3DFactorSizes(imageCount: header.shape.first ?? 0) != nil
            {
                return .mpi3d
            }
            return .npz
        }
        // An HDF5 file may start with a user block (any bytes); its superblock then follows at 512, 1024, 2048, …
        if try HDF5StructureCheck.isHDF5(fileAt: url) { return .shapes3d }
        throw DatasetError(
            "\(url.path): unrecognised file format (first bytes \(head.map { String(format: "%02x", $0) }.joined())); "
                + "name it as FORMAT:PATH with FORMAT one of \(DatasetSpecification.Format.allCases.map(\.rawValue).joined(separator: ", "))")
    }

    /// MNIST's label file beside an image file: `train-images-idx3-ubyte[.gz]` -> `train-labels-idx1-ubyte[.gz]`.
    public static func mnistLabelsPath(_ images: String) -> String {
        let url = URL(fileURLWithPath: images)
        let name = url.lastPathComponent
        let labels = name.replacingOccurrences(of: "images-idx3", with: "labels-idx1").replacingOccurrences(of: "images.idx3", with: "labels.idx1")
        return url.deletingLastPathComponent().appendingPathComponent(labels).path
    }

    private static func grouped(_ images: LabeledImages) -> LoadedDataset {
        guard !images.factors.isEmpty, let grid = try? ImageArrayDataset(images) else { return .labeled(images) }
        return .grid(grid)
    }

    private static func names(_ parsed: DatasetSpecification) -> [String]? {
        parsed.option("names").map { $0.split(separator: ",").map(String.init) }
    }

    private static func layout(_ parsed: DatasetSpecification) throws -> ImageLayout? {
        try parsed.option("layout").map { value in
            guard let layout = ImageLayout(rawValue: value) else {
                throw RunError("dataset '\(parsed.description)': layout '\(value)'; expected nhw, nchw or nhwc")
            }
            return layout
        }
    }

    private static func integers(_ value: String, option: String, in parsed: DatasetSpecification) throws -> [Int] {
        let parts = value.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else {
            throw RunError("dataset '\(parsed.description)': \(option) '\(value)' is not a comma-separated list of integers")
        }
        return parts.map { $0! }
    }
}
