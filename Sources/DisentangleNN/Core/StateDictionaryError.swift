import DisentangleTensor

/// Why a set of named tensors could not be loaded into a module or an optimiser.
///
/// Loading validates everything before changing anything, and the ``description`` names the offending tensor,
/// for example `tensor "encoder.0.weight": shape [64, 1, 4, 4] in the file, [32, 1, 4, 4] in the model`.
public struct StateDictionaryError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The category of a failure.
    public enum Kind: String, Sendable, Equatable {
        /// The model has a parameter (or the optimiser a state entry) the tensors lack.
        case missingTensor
        /// The tensors hold a name the model does not have (only reported when loading strictly).
        case unexpectedTensor
        /// A tensor's shape differs from the parameter's.
        case shapeMismatch
        /// A tensor's stored element type cannot hold parameter values (an integer or boolean type).
        case dtypeMismatch
        /// A metadata entry (such as an optimiser's step count or hyperparameter) is missing or malformed.
        case invalidMetadata
    }

    /// The category of the failure.
    public let kind: Kind
    /// The tensor (or metadata key) at fault.
    public let tensor: String
    /// What was found and what was expected.
    public let reason: String

    /// Creates an error.
    public init(_ kind: Kind, tensor: String, _ reason: String) {
        self.kind = kind
        self.tensor = tensor
        self.reason = reason
    }

    /// `tensor "name": reason`.
    public var description: String { "tensor \"\(tensor)\": \(reason)" }
}
