import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for reading in place with `pread`: pixels that stay on disk (a `.npy` body, a stored `.npz`
/// member), zip archives, checkpoints (safetensors) and the HDF5 structures checked before libhdf5 opens a file.
///
/// Reads copy from the page cache into the caller's buffer and check how many bytes arrived, so a file truncated
/// after it was opened gives a thrown error naming the file and the bytes it lacks. (A memory mapping would turn
/// the same truncation into SIGBUS, which stops the process.) The descriptor stays open as long as the object
/// lives, so a file replaced by a rename keeps being read from the version that was opened.
///
/// Errors are made by the `error` function given when the file is opened, so each module reports them in its own
/// error type (`DatasetError`, ``SafeTensorsError``) with the same messages.
package final class StoredFile: Sendable {
    /// The path, used in error messages.
    package let path: String
    /// The file's size when it was opened.
    package let sizeAtOpen: Int
    private let descriptor: Int32
    private let makeError: @Sendable (String) -> any Error

    /// Opens `url` for reading.
    ///
    /// - Parameter error: makes the error thrown for a message (the message starts with the path).
    /// - Throws: `error(message)` naming the path if the file cannot be opened or is not a regular file.
    package init(_ url: URL, error: @escaping @Sendable (String) -> any Error) throws {
        path = url.path
        makeError = error
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw error("\(url.path): cannot read the file: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw error("\(url.path): cannot read the file: not a regular file")
        }
        self.descriptor = descriptor
        sizeAtOpen = Int(status.st_size)
    }

    deinit {
        close(descriptor)
    }

    /// The file's size now.
    package var currentSize: Int {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : -1
    }

    /// The error for `message`, in the opener's error type.
    package func error(_ message: String) -> any Error { makeError(message) }

    /// Throws if the file has shrunk since it was opened.
    package func checkUnchanged() throws {
        let size = currentSize
        guard size >= sizeAtOpen else {
            throw makeError(
                "\(path): the file is \(size) bytes now, \(sizeAtOpen) when it was opened: it was truncated after it "
                    + "was opened; open it again")
        }
    }

    /// Reads exactly `count` bytes from byte `offset` into `buffer`.
    ///
    /// - Throws: an error naming the file if it ends before `offset + count` (it was truncated after it was
    ///   opened) or the system reports an error.
    package func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws {
        var done = 0
        while done < count {
            let got = pread(descriptor, buffer + done, count - done, off_t(offset + done))
            if got > 0 {
                done += got
            } else if got == 0 {
                throw makeError(
                    "\(path): the file ends before byte \(offset + count) (it is \(currentSize) bytes now, \(sizeAtOpen) when it "
                        + "was opened): it was truncated or overwritten after it was opened; open it again")
            } else if errno != EINTR {
                throw makeError(
                    "\(path): cannot read bytes \(offset)..<\(offset + count): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Reads `count` bytes from byte `offset` into a new buffer.
    ///
    /// - Throws: as ``read(into:count:at:)``.
    package func bytes(count: Int, at offset: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { try read(into: buffer.baseAddress!, count: count, at: offset) }
            initialized = count
        }
    }
}
