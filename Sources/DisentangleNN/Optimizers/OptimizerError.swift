/// An invalid optimiser hyperparameter, such as a negative learning rate or a β outside [0, 1).
///
/// Optimisers validate their hyperparameters as PyTorch's do and throw this instead of trapping, since they
/// often come from configuration files or the command line.
public struct OptimizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong, naming the hyperparameter and its value.
    public let description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
