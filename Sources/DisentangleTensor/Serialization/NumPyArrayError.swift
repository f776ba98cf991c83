/// An error reading or writing a NumPy `.npy` array.
///
/// The message names the source (a file path, an archive member, or `<data>`), the header field or part of the file
/// at fault, and what was expected, for example
/// `weights.npy: field 'descr': big-endian dtype '>f4' is not supported; save the array as little-endian ('<f4')`.
public struct NumPyArrayError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A human-readable explanation naming the source, the field and the expectation.
    public let description: String

    /// Creates an error with the given explanation.
    public init(_ description: String) {
        self.description = description
    }

    /// An error about `field` of the array read from `source`.
    static func field(_ field: String, in source: String, _ message: String) -> NumPyArrayError {
        NumPyArrayError("\(source): field '\(field)': \(message)")
    }
}
