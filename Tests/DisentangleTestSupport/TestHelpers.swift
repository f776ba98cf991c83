import Foundation

/// Whether two scalar arrays agree element-wise within `tolerance` (absolute + relative).
public func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * (1 + Swift.abs($1)) }
}

/// A fresh, empty temporary directory whose name starts with `label`; the caller removes it.
public func temporaryDirectory(_ label: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
