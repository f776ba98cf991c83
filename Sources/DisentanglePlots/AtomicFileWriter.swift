import Foundation

/// Writes `data` to `url` atomically: the bytes go to a temporary file in the same directory, which is then
/// renamed over the destination, so readers never see a half-written file.
///
/// Throws ``PlotError`` naming the path if the directory does not exist or either step fails.
func writeAtomically(_ data: Data, to url: URL) throws {
    let destination = url.standardizedFileURL
    let directory = destination.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw PlotError("cannot write \(destination.path): directory \(directory.path) does not exist")
    }
    let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
    do {
        try data.write(to: temporary)
    } catch {
        throw PlotError("cannot write \(temporary.path): \(error.localizedDescription)")
    }
    guard rename(temporary.path, destination.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw PlotError("cannot move \(temporary.path) to \(destination.path): \(reason)")
    }
}
