import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see either the old contents or the complete new contents, never a mixture.
///
/// The data goes to a temporary file in the destination's directory, which is flushed to disk (`fsync`) and
/// then renamed over the destination; the directory is flushed too, so the rename itself survives a power loss.
/// A process killed at any point leaves the previous file intact (and at worst a stray `.<name>.tmp-*` file).
/// It is the package's one way of writing a file: safetensors and `.npy` files, checkpoint sidecars, run
/// configurations, rewritten logs, images, charts and reports.
package enum AtomicFile {
    /// Replaces (or creates) the file at `url` with `data`, atomically.
    ///
    /// - Throws: ``SafeTensorsError`` of kind ``SafeTensorsError/Kind/io`` naming the file and the system error.
    package static func write(_ data: Data, to url: URL) throws {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw ioError(path, "cannot create temporary file \(temporary)")
        }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw ioError(path, "cannot write \(temporary)")
                    }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw ioError(path, "cannot flush \(temporary)") }
        }
        guard rename(temporary, path) == 0 else {
            throw ioError(path, "cannot rename \(temporary) into place")
        }
        succeeded = true
        try synchronizeDirectory(directory, reportingAs: path)
    }

    /// Flushes a directory's entries (new names, renames) to disk.
    ///
    /// - Throws: ``SafeTensorsError`` of kind ``SafeTensorsError/Kind/io`` if the directory cannot be opened or flushed.
    package static func synchronizeDirectory(_ directory: String, reportingAs file: String? = nil) throws {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw ioError(file ?? directory, "cannot open directory \(directory)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw ioError(file ?? directory, "cannot flush directory \(directory)") }
    }

    private static func ioError(_ file: String, _ what: String) -> SafeTensorsError {
        let reason = String(cString: strerror(errno))
        return SafeTensorsError(.io, file: file, "\(what): \(reason)")
    }
}
