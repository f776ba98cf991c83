import DisentangleTensor
import Foundation

extension StoredFile {
    /// Opens `url` for reading in place; every failure is a ``DatasetError`` naming the path.
    ///
    /// - Throws: ``DatasetError`` if the file cannot be opened or is not a regular file.
    package convenience init(_ url: URL) throws {
        try self.init(url, error: { DatasetError($0) })
    }
}
