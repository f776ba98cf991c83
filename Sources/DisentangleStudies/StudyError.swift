/// A study file, study directory or study run that cannot be read, expanded or run, with the file, key, line
/// and the reason.
public struct StudyError: Error, CustomStringConvertible, Sendable {
    /// A human-readable explanation naming the file (and, for study files, the key and line) and what was expected.
    public let description: String

    /// Creates an error with the given explanation.
    public init(_ description: String) {
        self.description = description
    }
}
