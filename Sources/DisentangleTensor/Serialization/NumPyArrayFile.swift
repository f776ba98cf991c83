import Foundation

extension NumPyArray {
    /// Reads a `.npy` file.
    ///
    /// - Throws: ``NumPyArrayError`` naming the path if the file cannot be read or is malformed
    ///   (see ``init(encoded:source:)``).
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NumPyArrayError("\(url.path): cannot read the file: \(error.localizedDescription)")
        }
        try self.init(encoded: data, source: url.path)
    }

    /// Writes the array as a `.npy` file, atomically (see `AtomicFile`), so a process killed mid-write leaves any
    /// previous file intact.
    ///
    /// - Throws: ``NumPyArrayError`` naming the path if the file cannot be written.
    public func write(to url: URL) throws {
        do {
            try AtomicFile.write(Data(encoded()), to: url)
        } catch {
            throw NumPyArrayError("\(url.path): cannot write the file: \(error)")
        }
    }
}
