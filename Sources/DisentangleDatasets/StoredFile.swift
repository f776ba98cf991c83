import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for reading in place with `pread`, for pixels that stay on disk (a `.npy` body, a stored `.npz`
/// member).
///
/// Reads copy from the page cache into the caller's buffer and check how many bytes arrived, so a file truncated
/// after it was opened gives a thrown ``DatasetError`` naming the file and the bytes it lacks. (A memory mapping
/// would turn the same truncation into SIGBUS, which stops the process.) The descriptor stays open as long as the
/// object lives, so a file replaced by a rename keeps being read from the version that was opened.
final class StoredFile: Sendable {
    /// The path, used in error messages.
    let path: String
    /// The file's size when it was opened.
    let sizeAtOpen: Int
    private let descriptor: Int32

    /// Opens `url` for reading.
    ///
    /// - Throws: ``DatasetError`` naming the path if the file cannot be opened or is not a regular file.
    init(_ url: URL) throws {
        path = url.path
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DatasetError("\(url.path): cannot read the file: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw DatasetError("\(url.path): cannot read the file: not a regular file")
        }
        self.descriptor = descriptor
        sizeAtOpen = Int(status.st_size)
    }

    deinit {
        close(descriptor)
    }

    /// The file's size now.
    var currentSize: Int {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : -1
    }

    /// Reads exactly `count` bytes from byte `offset` into `buffer`.
    ///
    /// - Throws: ``DatasetError`` naming the file if it ends before `offset + count` (it was truncated after it was
    ///   opened) or the system reports an error.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws {
        var done = 0
        while done < count {
            let got = pread(descriptor, buffer + done, count - done, off_t(offset + done))
            if got > 0 {
                done += got
            } else if got == 0 {
                throw DatasetError(
                    "\(path): the file ends before byte \(offset + count) (it is \(currentSize) bytes now, \(sizeAtOpen) when it "
                        + "was opened): it was truncated or overwritten after it was opened; open the dataset again")
            } else if errno != EINTR {
                throw DatasetError(
                    "\(path): cannot read bytes \(offset)..<\(offset + count): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Reads `count` bytes from byte `offset` into a new buffer.
    func bytes(count: Int, at offset: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { try read(into: buffer.baseAddress!, count: count, at: offset) }
            initialized = count
        }
    }
}
