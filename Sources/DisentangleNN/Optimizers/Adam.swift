import CDisentangleKernels
import DisentangleTensor
import Foundation

/// Adam (Kingma & Ba), with the exact update of `torch.optim.Adam`, including L2 weight decay and AMSGrad.
///
/// For each parameter with a gradient `g`, at its step `t` (counted per parameter):
/// ```
/// g ← g + weightDecay·θ                          (if weightDecay ≠ 0)
/// m ← m + (1 − β₁)(g − m)                        (torch's lerp)
/// v ← β₂·v + (1 − β₂)·g²
/// v̂ ← max(v̂, v)                                  (AMSGrad only; v̂ replaces v below)
/// θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// ```
/// Hyperparameters are `Double`, as Python floats are, and the bias corrections are computed in `Double`; the
/// element-wise arithmetic is `Float`. The state exports as `exp_avg.<name>`, `exp_avg_sq.<name>`,
/// `max_exp_avg_sq.<name>` (AMSGrad) and `step.<name>`, PyTorch's names.
///
/// ```swift
/// let adam = try Adam(for: model, learningRate: 1e-4)
/// adam.zeroGradients()
/// loss(model).backward()
/// adam.step()
/// ```
public final class Adam: Optimizer {
    /// The parameters and their names.
    public let namedParameters: [(name: String, parameter: Parameter)]
    /// The learning rate (may be changed between steps, for schedules).
    public var learningRate: Double
    /// The decay rates of the first and second moment estimates.
    public private(set) var betas: (Double, Double)
    /// The term added to the denominator for numerical stability.
    public private(set) var epsilon: Double
    /// The L2 penalty coefficient added to the gradient (not decoupled: this is Adam, not AdamW).
    public private(set) var weightDecay: Double
    /// Whether to use the AMSGrad variant (the maximum of past second moments).
    public private(set) var amsgrad: Bool

    private struct State {
        var step: Int
        var expAvg: [Float]
        var expAvgSq: [Float]
        var maxExpAvgSq: [Float]
    }

    private var states: [State?]

    /// Creates an optimiser over named parameters, validating the hyperparameters as PyTorch does.
    ///
    /// - Throws: ``OptimizerError`` for a negative learning rate, epsilon or weight decay, or a β outside [0, 1).
    public init(
        parameters: [(name: String, parameter: Parameter)], learningRate: Double = 1e-3,
        betas: (Double, Double) = (0.9, 0.999), epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false
    ) throws {
        try Adam.validate(learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay)
        self.namedParameters = parameters
        self.learningRate = learningRate
        self.betas = betas
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.states = Array(repeating: nil, count: parameters.count)
    }

    /// Creates an optimiser over every parameter of `module`.
    ///
    /// - Throws: ``OptimizerError`` for invalid hyperparameters.
    public convenience init(
        for module: any Module, learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
        epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false
    ) throws {
        try self.init(
            parameters: module.namedParameters(), learningRate: learningRate, betas: betas, epsilon: epsilon,
            weightDecay: weightDecay, amsgrad: amsgrad)
    }

    private static func validate(learningRate: Double, betas: (Double, Double), epsilon: Double, weightDecay: Double) throws {
        guard learningRate >= 0 else { throw OptimizerError("Adam: invalid learning rate \(learningRate)") }
        guard epsilon >= 0 else { throw OptimizerError("Adam: invalid epsilon \(epsilon)") }
        guard betas.0 >= 0 && betas.0 < 1 else { throw OptimizerError("Adam: invalid beta1 \(betas.0), expected [0, 1)") }
        guard betas.1 >= 0 && betas.1 < 1 else { throw OptimizerError("Adam: invalid beta2 \(betas.1), expected [0, 1)") }
        guard weightDecay >= 0 else { throw OptimizerError("Adam: invalid weight decay \(weightDecay)") }
    }

    /// The number of updates applied to the parameter at `index` so far (0 before its first).
    public func stepCount(ofParameterAt index: Int) -> Int {
        states[index]?.step ?? 0
    }

    /// The fewest elements of a parameter each thread updates (smaller parameters are updated on one thread).
    static let elementsPerThread = 1 << 15

    /// Applies one Adam update to every parameter that has a gradient.
    public func step() {
        for (index, (_, parameter)) in namedParameters.enumerated() {
            guard let gradient = parameter.gradient else { continue }
            let count = parameter.count
            var state = states[index] ?? State(
                step: 0, expAvg: Array(repeating: 0, count: count), expAvgSq: Array(repeating: 0, count: count),
                maxExpAvgSq: amsgrad ? Array(repeating: 0, count: count) : [])
            states[index] = nil
            state.step += 1
            let t = Double(state.step)
            let stepSize = Float(-(learningRate / (1 - Foundation.pow(betas.0, t))))
            let correction2 = Float((1 - Foundation.pow(betas.1, t)).squareRoot())
            let scalars = cdk_adam_step(
                step_size: stepSize, correction2: correction2, weight_decay: weightDecay != 0 ? Float(weightDecay) : 0,
                weight1: Float(1 - betas.0), beta2: Float(betas.1), weight2: Float(1 - betas.1), epsilon: Float(epsilon))
            let amsgrad = self.amsgrad
            gradient.withUnsafeScalars { g in
                parameter.withUnsafeMutableScalars { theta in
                    state.expAvg.withUnsafeMutableBufferPointer { m in
                        state.expAvgSq.withUnsafeMutableBufferPointer { v in
                            state.maxExpAvgSq.withUnsafeMutableBufferPointer { vMax in
                                Adam.update(
                                    scalars, theta: theta.baseAddress, gradient: g.baseAddress, m: m.baseAddress,
                                    v: v.baseAddress, vMax: amsgrad ? vMax.baseAddress : nil, count: count)
                            }
                        }
                    }
                }
            }
            states[index] = state
        }
    }

    /// Runs the C kernel (CDisentangleKernels/Adam.c, at the CPU's SIMD level; every level computes the same
    /// values, each multiply-add fused once as in ATen's kernel) on `count` elements, split across threads: each
    /// element's update is independent, so the thread count changes nothing but the time.
    private static func update(
        _ scalars: cdk_adam_step, theta: UnsafeMutablePointer<Float>?, gradient: UnsafePointer<Float>?,
        m: UnsafeMutablePointer<Float>?, v: UnsafeMutablePointer<Float>?, vMax: UnsafeMutablePointer<Float>?, count: Int
    ) {
        withUnsafePointer(to: scalars) { scalars in
            Threading.parallelRanges(count, minimumChunk: elementsPerThread) { range in
                let start = range.lowerBound
                cdk_adam(
                    scalars, theta.map { $0 + start }, gradient.map { $0 + start }, m.map { $0 + start },
                    v.map { $0 + start }, vMax.map { $0 + start }, range.count)
            }
        }
    }

    /// The hyperparameters (`optimizer`, `lr`, `beta1`, `beta2`, `eps`, `weight_decay`, `amsgrad`) and, for
    /// every parameter updated at least once, its step count and moment estimates.
    public func exportState() -> OptimizerState {
        var state = OptimizerState(metadata: [
            "optimizer": "Adam", "lr": String(learningRate), "beta1": String(betas.0), "beta2": String(betas.1),
            "eps": String(epsilon), "weight_decay": String(weightDecay), "amsgrad": String(amsgrad),
        ])
        for (index, (name, parameter)) in namedParameters.enumerated() {
            guard let s = states[index] else { continue }
            state.metadata["step." + name] = String(s.step)
            state.tensors["exp_avg." + name] = Tensor(shape: parameter.shape, scalars: s.expAvg)
            state.tensors["exp_avg_sq." + name] = Tensor(shape: parameter.shape, scalars: s.expAvgSq)
            if amsgrad { state.tensors["max_exp_avg_sq." + name] = Tensor(shape: parameter.shape, scalars: s.maxExpAvgSq) }
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
        self.betas = restored.betas
        self.epsilon = restored.epsilon
        self.weightDecay = restored.weightDecay
        self.amsgrad = restored.amsgrad
        self.states = restored.states
    }

    /// Throws what ``importState(_:)`` would throw for `state`, and changes nothing.
    public func validateState(_ state: OptimizerState) throws {
        _ = try parse(state)
    }

    /// The hyperparameters and per-parameter states `state` holds, validated against this optimiser's parameters.
    private func parse(
        _ state: OptimizerState
    ) throws -> (learningRate: Double, betas: (Double, Double), epsilon: Double, weightDecay: Double, amsgrad: Bool, states: [State?]) {
        try state.expectKind("Adam")
        let learningRate = try state.double("lr")
        let betas = (try state.double("beta1"), try state.double("beta2"))
        let epsilon = try state.double("eps")
        let weightDecay = try state.double("weight_decay")
        let amsgrad = try state.bool("amsgrad")
        try Adam.validate(learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay)
        let kinds = amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"]
        let restored = try state.parameterStates(for: namedParameters, tensorKinds: kinds) { name, shape, step in
            State(
                step: step,
                expAvg: try state.scalars("exp_avg", for: name, shape: shape),
                expAvgSq: try state.scalars("exp_avg_sq", for: name, shape: shape),
                maxExpAvgSq: amsgrad ? try state.scalars("max_exp_avg_sq", for: name, shape: shape) : [])
        }
        return (learningRate, betas, epsilon, weightDecay, amsgrad, restored)
    }
}
