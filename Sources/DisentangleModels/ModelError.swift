/// An error from model construction, training or loading, with a message naming the problem.
public struct ModelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A human-readable explanation.
    public let description: String

    /// Creates an error with the given explanation.
    public init(_ description: String) {
        self.description = description
    }
}
