/// An error in data a user passed to a dataset: factor values out of range, a malformed or truncated file, an
/// archive member that is missing or too large.
///
/// The message names the file (or dataset), the field or member, and the expectation, e.g.
/// `dsprites.npz: member 'imgs.npy': declares 3019898880 bytes, more than the limit of 1073741824`.
public struct DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A human-readable explanation naming the source, the field and the expectation.
    public let description: String

    /// Creates an error with the given explanation.
    public init(_ description: String) {
        self.description = description
    }
}
