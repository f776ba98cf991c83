import DisentangleTensor
import Foundation

/// Writes `data` to `url` atomically, with the package's one policy (`AtomicFile`: temporary file, flush, rename,
/// flush of the directory), so readers never see a half-written file.
///
/// Throws ``PlotError`` naming the path if the directory does not exist or the write fails.
func writeAtomically(_ data: Data, to url: URL) throws {
    let destination = url.standardizedFileURL
    let directory = destination.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw PlotError("cannot write \(destination.path): directory \(directory.path) does not exist")
    }
    do {
        try AtomicFile.write(data, to: destination)
    } catch {
        throw PlotError("cannot write \(destination.path): \(error)")
    }
}
