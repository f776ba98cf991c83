import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a run directory (`RUN/lock`, `flock`), so that one process at a time trains, evaluates or
/// writes the run. The kernel releases it when the holder exits or dies, so a killed process never leaves a run
/// locked.
///
/// Hold one while calling ``RunTraining`` or evaluating; `disentangle train` and `disentangle study run` do.
public final class RunLock {
    /// The run directory.
    public let directory: RunDirectory
    private let descriptor: Int32

    /// Locks `directory`, creating it if needed.
    ///
    /// - Throws: ``RunError`` if another process holds the lock (naming its process id) or the lock file cannot
    ///   be created.
    public init(_ directory: RunDirectory) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        } catch {
            throw RunError("cannot create the run directory \(directory.url.path): \(error.localizedDescription)")
        }
        let path = directory.lockFile.path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw RunError("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw RunError(
                "\(directory.url.path) is in use by another process (pid \(holder ?? "unknown"), lock \(path)); "
                    + "wait for it to finish or stop it")
        }
        self.descriptor = descriptor
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBufferPointer { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Whether a process holds the lock of `directory` now.
    public static func isHeld(_ directory: RunDirectory) -> Bool {
        let descriptor = open(directory.lockFile.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { return true }
        flock(descriptor, LOCK_UN)
        return false
    }

    deinit {
        close(descriptor)
    }
}
