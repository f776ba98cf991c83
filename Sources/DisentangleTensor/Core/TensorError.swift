/// An error describing a tensor whose shape or contents do not fit an operation.
///
/// Library calls that take user data throw it; the message always names the operation and the shapes involved.
public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A human-readable explanation naming the operation and the offending shapes or values.
    public let description: String

    /// Creates an error with the given explanation.
    public init(_ description: String) {
        self.description = description
    }
}

/// Formats a shape as `[2, 3, 4]` for error messages.
@inlinable
func describe(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
