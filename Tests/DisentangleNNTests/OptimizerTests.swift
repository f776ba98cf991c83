import DisentangleNN
import DisentangleTensor
import Testing

/// Trajectories from PyTorch 2.x on the objective of `Scripts/nn/optimizer_references.py`.
private enum Reference {
    static let adamDefault: [Float] = [0.49500080943107605, -1.2450003623962402, 1.9950001239776611, 0.12999935448169708, -0.7450008392333984, 1.4950003623962402, 0.995000422000885, -1.9950002431869507, 0.24500176310539246, 2.9950003623962402]
    static let adamDecayAMSGrad: [Float] = [0.4503988027572632, -1.200148344039917, 1.9501017332077026, 0.17459650337696075, -0.7003697752952576, 1.4501514434814453, 0.9502139091491699, -1.9501056671142578, 0.20092374086380005, 2.9500701427459717]
    static let sgdPlain: [Float] = [0.13022398948669434, -0.6562104821205139, 0.08635198324918747, 0.2776978611946106, -0.2647075057029724, 0.11433599889278412, 0.44370532035827637, -0.474609375, 0.1476224958896637, 0.2332799732685089]
    static let sgdMomentum: [Float] = [-0.03913086652755737, -0.44974464178085327, -1.1859670877456665, 0.3195611834526062, 0.011389603838324547, -0.9793596863746643, 0.21940132975578308, 0.30920273065567017, 0.1118362694978714, -1.6066323518753052]
    static let sgdNesterov: [Float] = [-0.10895713418722153, -0.2516709864139557, -0.9380251169204712, 0.37980934977531433, 0.027165314182639122, -0.386107474565506, 0.0730966329574585, 0.4798639416694641, 0.07763891667127609, -1.248129963874817]
    static let clipL2: [Float] = [0.4682891368865967, -1.2077029943466187, 1.7663084268569946, 0.13490323722362518, -0.7001427412033081, 1.2690080404281616, 0.9565019607543945, -1.8567078113555908, 0.24270741641521454, 2.662132501602173]
    static let clipL2Norms: [Float] = [17.811552047729492, 17.384889602661133, 16.959531784057617, 16.535511016845703, 16.112855911254883]
    static let clipInfinity: [Float] = [0.47668465971946716, -1.218999981880188, 1.8270833492279053, 0.1322467178106308, -0.7132259011268616, 1.3279919624328613, 0.9680689573287964, -1.894477128982544, 0.24465514719486237, 2.750000238418579]
    static let clipInfinityNorms: [Float] = [12.0, 11.800000190734863, 11.600000381469727, 11.40000057220459, 11.200000762939453]
}

/// The objective's parameters: `a` [2, 3] and `b` [4] receive gradients, `unused` never does.
private final class Quadratic: Module {
    let a = Parameter(Tensor(shape: [2, 3], scalars: [0.5, -1.25, 2.0, 0.125, -0.75, 1.5]))
    let b = Parameter(Tensor([1.0, -2.0, 0.25, 3.0]))
    let unused = Parameter(Tensor([9]))

    /// sum(w * a²) + sum(c * a) + sum(w2 * b²).
    func loss() -> Tensor {
        let w = Tensor(shape: [2, 3], scalars: [1.0, 0.5, 2.0, 0.25, 1.5, 3.0])
        let c = Tensor(shape: [2, 3], scalars: [0.1, -0.2, 0.3, -0.4, 0.5, -0.6])
        let w2 = Tensor([0.75, 1.25, 0.5, 2.0])
        return (w * a.value.squared()).sum() + (c * a.value).sum() + (w2 * b.value.squared()).sum()
    }

    var values: [Float] { a.value.scalars + b.value.scalars }
}

/// Runs `steps` optimiser steps on the quadratic, optionally clipping, and returns the clipping norms.
@discardableResult
private func train(_ model: Quadratic, _ optimizer: any Optimizer, steps: Int, clip: (Float, Float)? = nil) -> [Float] {
    var norms: [Float] = []
    for _ in 0..<steps {
        optimizer.zeroGradients()
        model.loss().backward()
        if let (maxNorm, normType) = clip {
            norms.append(clipGradientNorm(model.parameters, maxNorm: maxNorm, normType: normType))
        }
        optimizer.step()
    }
    return norms
}

private func expectClose(_ actual: [Float], _ expected: [Float], tolerance: Float = 2e-6, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (x, y) in zip(actual, expected) {
        #expect(abs(x - y) <= tolerance * max(1, abs(y)), "got \(x), PyTorch \(y)", sourceLocation: sourceLocation)
    }
}

@Suite("Optimisers match torch.optim")
struct OptimizerTests {
    @Test func adamDefault() throws {
        let model = Quadratic()
        train(model, try Adam(for: model), steps: 5)
        expectClose(model.values, Reference.adamDefault)
        #expect(model.unused.value.scalars == [9])
    }

    @Test func adamWithWeightDecayAMSGradAndLargeBeta1Weight() throws {
        let model = Quadratic()
        let adam = try Adam(for: model, learningRate: 0.01, betas: (0.5, 0.9), epsilon: 1e-6, weightDecay: 0.1, amsgrad: true)
        train(model, adam, steps: 5)
        expectClose(model.values, Reference.adamDecayAMSGrad)
        #expect(adam.stepCount(ofParameterAt: 0) == 5)
        #expect(adam.stepCount(ofParameterAt: 2) == 0)
    }

    @Test func sgdVariants() throws {
        let cases: [([Float], (Quadratic) throws -> SGD)] = [
            (Reference.sgdPlain, { try SGD(for: $0, learningRate: 0.1) }),
            (Reference.sgdMomentum, { try SGD(for: $0, learningRate: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01) }),
            (Reference.sgdNesterov, { try SGD(for: $0, learningRate: 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true) }),
        ]
        for (expected, make) in cases {
            let model = Quadratic()
            train(model, try make(model), steps: 5)
            expectClose(model.values, expected)
            #expect(model.unused.value.scalars == [9])
        }
    }

    @Test func gradientNormClipping() throws {
        for (expected, expectedNorms, clip) in [
            (Reference.clipL2, Reference.clipL2Norms, (Float(1), Float(2))),
            (Reference.clipInfinity, Reference.clipInfinityNorms, (Float(0.5), Float.infinity)),
        ] {
            let model = Quadratic()
            let norms = train(model, try SGD(for: model, learningRate: 0.1), steps: 5, clip: clip)
            expectClose(norms, expectedNorms)
            expectClose(model.values, expected)
        }
    }

    @Test func clippingLeavesSmallGradientsAlone() {
        let model = Quadratic()
        model.loss().backward()
        let before = model.a.gradient!.scalars
        let norm = clipGradientNorm(model.parameters, maxNorm: 1000)
        #expect(norm > 1)
        #expect(model.a.gradient!.scalars == before)
        #expect(clipGradientNorm([model.unused], maxNorm: 1) == 0)
    }

    @Test func setGradientInstallsExactValues() {
        let parameter = Parameter(Tensor([1, 2, 3]))
        parameter.setGradient(Tensor([0.1, -7, 1e-30]))
        #expect(parameter.gradient?.scalars == [0.1, -7, 1e-30])
        parameter.setGradient(nil)
        #expect(parameter.gradient == nil)
    }

    @Test(arguments: [false, true])
    func adamStateResumesBitExactly(amsgrad: Bool) throws {
        let reference = Quadratic()
        let adam = try Adam(for: reference, learningRate: 0.05, weightDecay: 0.01, amsgrad: amsgrad)
        train(reference, adam, steps: 6)

        let first = Quadratic()
        let interrupted = try Adam(for: first, learningRate: 0.05, weightDecay: 0.01, amsgrad: amsgrad)
        train(first, interrupted, steps: 3)
        let state = interrupted.exportState()
        #expect(state.metadata["step.a"] == "3")
        #expect(state.metadata["step.unused"] == nil)
        #expect(state.tensors.keys.sorted() == (amsgrad
            ? ["exp_avg.a", "exp_avg.b", "exp_avg_sq.a", "exp_avg_sq.b", "max_exp_avg_sq.a", "max_exp_avg_sq.b"]
            : ["exp_avg.a", "exp_avg.b", "exp_avg_sq.a", "exp_avg_sq.b"]))

        // A new process: fresh model and optimiser (with other hyperparameters), state restored through a file.
        let resumed = Quadratic()
        try resumed.loadStateDictionary(first.stateDictionary())
        let restored = try Adam(for: resumed, learningRate: 1, amsgrad: !amsgrad)
        let file = try SafeTensors(data: state.safeTensors.serialized())
        try restored.importState(OptimizerState(file))
        #expect(restored.learningRate == 0.05)
        #expect(restored.amsgrad == amsgrad)
        train(resumed, restored, steps: 3)
        #expect(resumed.values.map(\.bitPattern) == reference.values.map(\.bitPattern))
    }

    @Test func sgdStateResumesBitExactly() throws {
        let reference = Quadratic()
        train(reference, try SGD(for: reference, learningRate: 0.05, momentum: 0.9, nesterov: true), steps: 6)
        let first = Quadratic()
        let interrupted = try SGD(for: first, learningRate: 0.05, momentum: 0.9, nesterov: true)
        train(first, interrupted, steps: 3)
        let resumed = Quadratic()
        try resumed.loadStateDictionary(first.stateDictionary())
        let restored = try SGD(for: resumed, learningRate: 0.05)
        try restored.importState(interrupted.exportState())
        #expect(restored.nesterov)
        train(resumed, restored, steps: 3)
        #expect(resumed.values.map(\.bitPattern) == reference.values.map(\.bitPattern))
    }

    @Test func importRejectsMismatchedState() throws {
        let model = Quadratic()
        let adam = try Adam(for: model)
        train(model, adam, steps: 1)
        let good = adam.exportState()

        func rejection(_ state: OptimizerState, into optimizer: any Optimizer) -> StateDictionaryError? {
            do {
                try optimizer.importState(state)
                return nil
            } catch {
                return error as? StateDictionaryError
            }
        }
        #expect(rejection(good, into: try SGD(for: model, learningRate: 0.1))?.tensor == "optimizer")

        var missing = good
        missing.tensors["exp_avg_sq.b"] = nil
        #expect(rejection(missing, into: try Adam(for: model)) == StateDictionaryError(.missingTensor, tensor: "exp_avg_sq.b", "the optimiser state lacks this tensor"))

        var reshaped = good
        reshaped.tensors["exp_avg.a"] = Tensor.zeros([6])
        #expect(rejection(reshaped, into: try Adam(for: model))?.kind == .shapeMismatch)

        var extra = good
        extra.tensors["exp_avg.c"] = Tensor.zeros([1])
        #expect(rejection(extra, into: try Adam(for: model))?.tensor == "exp_avg.c")

        var badStep = good
        badStep.metadata["step.a"] = "zero"
        #expect(rejection(badStep, into: try Adam(for: model))?.kind == .invalidMetadata)

        var noRate = good
        noRate.metadata["lr"] = nil
        #expect(rejection(noRate, into: try Adam(for: model))?.tensor == "lr")

        // A failed import changes nothing.
        let untouched = try Adam(for: model, learningRate: 0.5)
        _ = rejection(missing, into: untouched)
        #expect(untouched.learningRate == 0.5)
        #expect(untouched.stepCount(ofParameterAt: 0) == 0)
    }

    @Test func invalidHyperparametersThrow() {
        let model = Quadratic()
        #expect(throws: OptimizerError.self) { try Adam(for: model, learningRate: -1) }
        #expect(throws: OptimizerError.self) { try Adam(for: model, betas: (1, 0.999)) }
        #expect(throws: OptimizerError.self) { try Adam(for: model, betas: (0.9, -0.1)) }
        #expect(throws: OptimizerError.self) { try Adam(for: model, epsilon: -1) }
        #expect(throws: OptimizerError.self) { try Adam(for: model, weightDecay: .nan) }
        #expect(throws: OptimizerError.self) { try SGD(for: model, learningRate: 0.1, nesterov: true) }
        #expect(throws: OptimizerError.self) { try SGD(for: model, learningRate: 0.1, momentum: 0.9, dampening: 0.5, nesterov: true) }
        #expect(throws: OptimizerError.self) { try SGD(for: model, learningRate: 0.1, momentum: -1) }
    }
}
