import Foundation

/// A parsed `--dataset` string: a catalog name, or `[FORMAT:]PATH[?KEY=VALUE&...]` naming a file.
///
/// Formats: `npy`, `npz`, `dsprites`, `mnist`, `shapes3d`, `mpi3d`, `smallnorb`; without one, the format is read
/// from the file's first bytes (see ``DatasetSource``). Options (after `?`, joined by `&`):
///
/// | key | formats | meaning |
/// |---|---|---|
/// | `factors` | npy, npz | npy: a `.npy` label file (`N` or `N x K`); npz: the label member |
/// | `images` | npz | the image member |
/// | `names` | npy, npz | comma-separated factor names, one per label column |
/// | `layout` | npy, npz | `nhw`, `nchw` or `nhwc` (default: inferred from the shape) |
/// | `labels` | mnist | the label file (default: the images' name with `images-idx3` replaced by `labels-idx1`) |
/// | `camera` | smallnorb | 0 (left, default) or 1 |
/// | `grid` | mpi3d | comma-separated factor sizes (default: from the image count) |
public struct DatasetSpecification: Sendable, Equatable {
    /// The file formats a specification can name.
    public enum Format: String, Sendable, CaseIterable {
        /// A `.npy` image array, optionally with a `.npy` label array.
        case npy
        /// A `.npz` archive of images and optional labels.
        case npz
        /// The published dSprites archive.
        case dsprites
        /// MNIST IDX files (plain or `.gz`).
        case mnist
        /// Shapes3D's `3dshapes.h5`.
        case shapes3d
        /// An MPI3D `.npz` archive.
        case mpi3d
        /// SmallNORB's `-dat.mat` (with `-cat.mat` and `-info.mat` beside it).
        case smallnorb
    }

    /// The options each format accepts.
    static let allowedOptions: [Format: Set<String>] = [
        .npy: ["factors", "names", "layout"], .npz: ["images", "factors", "names", "layout"], .dsprites: [],
        .mnist: ["labels"], .shapes3d: [], .mpi3d: ["grid"], .smallnorb: ["camera"],
    ]

    /// The format, or `nil` to read it from the file.
    public var format: Format?
    /// The file.
    public var path: String
    /// The options, in the order given.
    public var options: [(key: String, value: String)]

    /// Parses `[FORMAT:]PATH[?KEY=VALUE&...]`.
    ///
    /// - Throws: ``RunError`` for an empty path, an option without `=`, a repeated option, or an option the
    ///   format does not take.
    public init(parsing text: String) throws {
        var rest = Substring(text)
        format = nil
        if let colon = rest.firstIndex(of: ":"), let format = Format(rawValue: String(rest[..<colon])) {
            self.format = format
            rest = rest[rest.index(after: colon)...]
        }
        var options: [(key: String, value: String)] = []
        if let question = rest.lastIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw RunError("dataset '\(text)': option '\(pair)' is not KEY=VALUE")
                }
                let key = String(pair[..<equals])
                guard !options.contains(where: { $0.key == key }) else { throw RunError("dataset '\(text)': option '\(key)' is given twice") }
                options.append((key, String(pair[pair.index(after: equals)...])))
            }
            rest = rest[..<question]
        }
        guard !rest.isEmpty else { throw RunError("dataset '\(text)': no file path") }
        path = String(rest)
        self.options = options
        if let format { try checkOptions(for: format) }
    }

    /// Throws ``RunError`` if an option is not one `format` takes.
    func checkOptions(for format: Format) throws {
        let allowed = DatasetSpecification.allowedOptions[format]!
        if let bad = options.first(where: { !allowed.contains($0.key) }) {
            throw RunError(
                "dataset '\(description)': format \(format.rawValue) takes "
                    + (allowed.isEmpty ? "no options" : "the options \(allowed.sorted().joined(separator: ", "))")
                    + ", not '\(bad.key)'")
        }
    }

    /// The value of an option.
    public func option(_ key: String) -> String? {
        options.first { $0.key == key }?.value
    }

    /// The same specification with its path and every path-valued option made absolute against the current
    /// directory, so a run's configuration still finds its files when resumed elsewhere.
    public var absolute: DatasetSpecification {
        var copy = self
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func absolute(_ path: String) -> String { URL(fileURLWithPath: path, relativeTo: cwd).standardizedFileURL.path }
        copy.path = absolute(path)
        let pathKeys: Set<String> = format == .npz ? [] : ["factors", "labels"]
        copy.options = options.map { pathKeys.contains($0.key) ? ($0.key, absolute($0.value)) : $0 }
        return copy
    }

    /// `[FORMAT:]PATH[?KEY=VALUE&...]`.
    public var description: String {
        (format.map { "\($0.rawValue):" } ?? "") + path
            + (options.isEmpty ? "" : "?" + options.map { "\($0.key)=\($0.value)" }.joined(separator: "&"))
    }

    /// Whether two specifications print the same.
    public static func == (lhs: DatasetSpecification, rhs: DatasetSpecification) -> Bool {
        lhs.description == rhs.description
    }
}
