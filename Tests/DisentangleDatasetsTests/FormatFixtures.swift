import DisentangleDatasets
import DisentangleTestSupport
import Foundation

/// The files made by Scripts/datasets/make_format_fixtures.py.
enum FormatFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The URL of a fixture file.
    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The script's pattern value of stored element `e` (> 0) of an image, as an intensity: `(e * 7 % 50 + 100) / 255`.
    static func pattern(_ element: Int) -> Float { Float(element * 7 % 50 + 100) / 255 }

    /// Copies fixture files into a fresh directory, applies `edit` to the bytes of `target`, and returns the
    /// directory's URL for `target`.
    static func edited(_ names: [String], target: String, _ edit: (inout [UInt8]) -> Void) throws -> URL {
        let directory = temporaryDirectory("datasets")
        for name in names {
            var bytes = [UInt8](try Data(contentsOf: url(name)))
            if name == target { edit(&bytes) }
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        return directory.appendingPathComponent(target)
    }
}
