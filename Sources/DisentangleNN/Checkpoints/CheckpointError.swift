/// Why a checkpoint could not be written or read (problems inside its safetensors files throw
/// `SafeTensorsError` instead, and problems fitting it to a model throw ``StateDictionaryError``).
public struct CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The checkpoint directory or file involved.
    public let path: String
    /// What was found and what was expected.
    public let reason: String

    /// Creates an error.
    public init(path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
