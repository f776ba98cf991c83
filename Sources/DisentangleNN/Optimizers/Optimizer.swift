import DisentangleTensor

/// An algorithm that updates parameters from their accumulated gradients, with the semantics of `torch.optim`.
///
/// A training step is: ``zeroGradients()``, forward, `loss.backward()`, ``step()``. Parameters whose gradient is
/// `nil` (no gradient reached them since they were last zeroed) are skipped, as in PyTorch. Per-parameter state
/// (moment estimates, momentum buffers, step counts) can be exported into a checkpoint with ``exportState()`` and
/// restored with ``importState(_:)``, after which training continues bit for bit as if uninterrupted.
public protocol Optimizer: AnyObject {
    /// The parameters this optimiser updates, with the names used in its exported state.
    var namedParameters: [(name: String, parameter: Parameter)] { get }

    /// Updates every parameter that has a gradient.
    func step()

    /// The optimiser's hyperparameters and per-parameter state, for a checkpoint.
    func exportState() -> OptimizerState

    /// Restores hyperparameters and per-parameter state exported by an optimiser of the same kind over
    /// parameters of the same names and shapes.
    ///
    /// Validates everything before changing anything.
    /// - Throws: ``StateDictionaryError`` naming the offending tensor or metadata key.
    func importState(_ state: OptimizerState) throws

    /// Throws what ``importState(_:)`` would throw for `state`, and changes nothing.
    func validateState(_ state: OptimizerState) throws
}

extension Optimizer {
    /// Clears the accumulated gradients of every parameter this optimiser updates
    /// (PyTorch's `optimizer.zero_grad()`, which sets them to `None`).
    public func zeroGradients() {
        for (_, parameter) in namedParameters { parameter.zeroGradient() }
    }
}
