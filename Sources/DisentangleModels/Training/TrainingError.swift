/// Why training stopped early.
public struct TrainingError: Error, CustomStringConvertible, Sendable {
    /// A human-readable explanation naming the step and the values involved.
    public let description: String

    /// Creates an error with the given explanation.
    public init(_ description: String) {
        self.description = description
    }
}
