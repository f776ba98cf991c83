import DisentangleTensor

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, with
/// the exact update of `torch.optim.SGD`.
///
/// For each parameter with a gradient `g`:
/// ```
/// g ← g + weightDecay·θ                          (if weightDecay ≠ 0)
/// b ← g (first step), else b ← momentum·b + (1 − dampening)·g      (if momentum ≠ 0)
/// g ← g + momentum·b (Nesterov), else g ← b                          (if momentum ≠ 0)
/// θ ← θ − lr·g
/// ```
/// The state exports as `momentum_buffer.<name>` (PyTorch's name) and `step.<name>`.
public final class SGD: Optimizer {
    /// The parameters and their names.
    public let namedParameters: [(name: String, parameter: Parameter)]
    /// The learning rate (may be changed between steps, for schedules).
    public var learningRate: Double
    /// The momentum factor (0 for plain SGD).
    public private(set) var momentum: Double
    /// The dampening applied to the gradient when it enters the momentum buffer.
    public private(set) var dampening: Double
    /// The L2 penalty coefficient added to the gradient.
    public private(set) var weightDecay: Double
    /// Whether to use Nesterov momentum.
    public private(set) var nesterov: Bool

    private struct State {
        var step: Int
        var momentumBuffer: [Float]?
    }

    private var states: [State?]

    /// Creates an optimiser over named parameters, validating the hyperparameters as PyTorch does.
    ///
    /// - Throws: ``OptimizerError`` for a negative learning rate, momentum or weight decay, or Nesterov momentum
    ///   without momentum or with dampening.
    public init(
        parameters: [(name: String, parameter: Parameter)], learningRate: Double, momentum: Double = 0,
        dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false
    ) throws {
        try SGD.validate(learningRate: learningRate, momentum: momentum, dampening: dampening, weightDecay: weightDecay, nesterov: nesterov)
        self.namedParameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        self.states = Array(repeating: nil, count: parameters.count)
    }

    /// Creates an optimiser over every parameter of `module`.
    ///
    /// - Throws: ``OptimizerError`` for invalid hyperparameters.
    public convenience init(
        for module: any Module, learningRate: Double, momentum: Double = 0, dampening: Double = 0,
        weightDecay: Double = 0, nesterov: Bool = false
    ) throws {
        try self.init(
            parameters: module.namedParameters(), learningRate: learningRate, momentum: momentum,
            dampening: dampening, weightDecay: weightDecay, nesterov: nesterov)
    }

    private static func validate(learningRate: Double, momentum: Double, dampening: Double, weightDecay: Double, nesterov: Bool) throws {
        guard learningRate >= 0 else { throw OptimizerError("SGD: invalid learning rate \(learningRate)") }
        guard momentum >= 0 else { throw OptimizerError("SGD: invalid momentum \(momentum)") }
        guard weightDecay >= 0 else { throw OptimizerError("SGD: invalid weight decay \(weightDecay)") }
        guard dampening.isFinite else { throw OptimizerError("SGD: invalid dampening \(dampening)") }
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw OptimizerError("SGD: Nesterov momentum requires a positive momentum and zero dampening")
        }
    }

    /// Applies one SGD update to every parameter that has a gradient.
    public func step() {
        let rate = Float(-learningRate)
        let decay = Float(weightDecay)
        let mu = Float(momentum)
        let keep = Float(1 - dampening)
        for (index, (_, parameter)) in namedParameters.enumerated() {
            guard let gradient = parameter.gradient else { continue }
            let count = parameter.count
            var state = states[index] ?? State(step: 0, momentumBuffer: nil)
            states[index] = nil
            state.step += 1
            var direction = gradient.scalars
            parameter.withUnsafeMutableScalars { theta in
                if weightDecay != 0 {
                    for i in 0..<count { direction[i] = direction[i].addingProduct(decay, theta[i]) }
                }
                if momentum != 0 {
                    if var buffer = state.momentumBuffer {
                        for i in 0..<count { buffer[i] = (buffer[i] * mu).addingProduct(keep, direction[i]) }
                        state.momentumBuffer = buffer
                    } else {
                        state.momentumBuffer = direction
                    }
                    let buffer = state.momentumBuffer!
                    if nesterov {
                        for i in 0..<count { direction[i] = direction[i].addingProduct(mu, buffer[i]) }
                    } else {
                        direction = buffer
                    }
                }
                for i in 0..<count { theta[i] = theta[i].addingProduct(rate, direction[i]) }
            }
            states[index] = state
        }
    }

    /// The hyperparameters (`optimizer`, `lr`, `momentum`, `dampening`, `weight_decay`, `nesterov`) and, for
    /// every parameter updated at least once, its step count and momentum buffer.
    public func exportState() -> OptimizerState {
        var state = OptimizerState(metadata: [
            "optimizer": "SGD", "lr": String(learningRate), "momentum": String(momentum),
            "dampening": String(dampening), "weight_decay": String(weightDecay), "nesterov": String(nesterov),
        ])
        for (index, (name, parameter)) in namedParameters.enumerated() {
            guard let s = states[index] else { continue }
            state.metadata["step." + name] = String(s.step)
            if let buffer = s.momentumBuffer {
                state.tensors["momentum_buffer." + name] = Tensor(shape: parameter.shape, scalars: buffer)
            }
        }
        return state
    }

    /// Restores hyperparameters and per-parameter state from ``exportState()`` output.
    ///
    /// - Throws: ``StateDictionaryError`` for a state of another optimiser kind, a missing or malformed entry, a
    ///   shape mismatch or an entry for an unknown parameter; ``OptimizerError`` for invalid hyperparameters.
    public func importState(_ state: OptimizerState) throws {
        let restored = try parse(state)
        self.learningRate = restored.learningRate
        self.momentum = restored.momentum
        self.dampening = restored.dampening
        self.weightDecay = restored.weightDecay
        self.nesterov = restored.nesterov
        self.states = restored.states
    }

    /// Throws what ``importState(_:)`` would throw for `state`, and changes nothing.
    public func validateState(_ state: OptimizerState) throws {
        _ = try parse(state)
    }

    /// The hyperparameters and per-parameter states `state` holds, validated against this optimiser's parameters.
    private func parse(
        _ state: OptimizerState
    ) throws -> (learningRate: Double, momentum: Double, dampening: Double, weightDecay: Double, nesterov: Bool, states: [State?]) {
        try state.expectKind("SGD")
        let learningRate = try state.double("lr")
        let momentum = try state.double("momentum")
        let dampening = try state.double("dampening")
        let weightDecay = try state.double("weight_decay")
        let nesterov = try state.bool("nesterov")
        try SGD.validate(learningRate: learningRate, momentum: momentum, dampening: dampening, weightDecay: weightDecay, nesterov: nesterov)
        let kinds = momentum != 0 ? ["momentum_buffer"] : []
        let restored = try state.parameterStates(for: namedParameters, tensorKinds: kinds) { name, shape, step in
            State(
                step: step,
                momentumBuffer: momentum != 0 ? try state.scalars("momentum_buffer", for: name, shape: shape) : nil)
        }
        return (learningRate, momentum, dampening, weightDecay, nesterov, restored)
    }
}
