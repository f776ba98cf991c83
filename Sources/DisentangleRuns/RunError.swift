/// A run directory that cannot be read, written or continued, with the file and the reason.
public struct RunError: Error, CustomStringConvertible, Sendable {
    /// A human-readable explanation naming the file and what was expected.
    public let description: String

    /// Creates an error with the given explanation.
    public init(_ description: String) {
        self.description = description
    }
}
