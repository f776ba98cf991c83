import DisentangleNN
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

private struct Configuration: Codable, Sendable, Equatable {
    var hiddenSize: Int
    var beta: Double
    var name: String
}

/// A small regression model trained on noisy data, so that resuming must restore weights, Adam state and the
/// random generator to continue identically.
private final class Regressor: Layer {
    let hidden: Linear
    let output: Linear

    init(seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        hidden = Linear(inputSize: 3, outputSize: 8, using: &generator)
        output = Linear(inputSize: 8, outputSize: 1, using: &generator)
    }

    func callAsFunction(_ input: Tensor) -> Tensor { output(hidden(input).tanh()) }
}

private func trainingStep(_ model: Regressor, _ optimizer: any Optimizer, _ generator: inout RandomGenerator) {
    let x = Tensor.randomNormal([16, 3], using: &generator)
    let noise = Tensor.randomNormal([16, 1], standardDeviation: 0.1, using: &generator)
    let target = x.sum(alongAxis: 1, keepingDimensions: true) + noise
    optimizer.zeroGradients()
    meanSquaredError(prediction: model(x), target: target).backward()
    optimizer.step()
}

@Suite("Checkpoints")
struct CheckpointTests {
    fileprivate let configuration = Configuration(hiddenSize: 8, beta: 4, name: "résumé \"test\"")

    @Test func resumingContinuesBitExactly() throws {
        let root = temporaryDirectory("checkpoint-tests")
        defer { try? FileManager.default.removeItem(at: root) }

        let reference = Regressor(seed: 7)
        let referenceOptimizer = try Adam(for: reference, learningRate: 0.01, amsgrad: true)
        var referenceGenerator = RandomGenerator(seed: 99)
        for _ in 0..<10 { trainingStep(reference, referenceOptimizer, &referenceGenerator) }

        let model = Regressor(seed: 7)
        let optimizer = try Adam(for: model, learningRate: 0.01, amsgrad: true)
        var generator = RandomGenerator(seed: 99)
        for _ in 0..<5 { trainingStep(model, optimizer, &generator) }
        try Checkpoint(
            model: model, optimizer: optimizer, configuration: configuration, step: 5,
            generators: ["training": generator]
        ).write(to: root)

        let checkpoint = try Checkpoint<Configuration>(contentsOf: root)
        #expect(checkpoint.step == 5)
        #expect(checkpoint.configuration == configuration)
        let resumed = Regressor(seed: 1)
        let resumedOptimizer = try Adam(for: resumed)
        try checkpoint.restore(model: resumed, optimizer: resumedOptimizer)
        var resumedGenerator = try #require(checkpoint.generators["training"])
        for _ in 0..<5 { trainingStep(resumed, resumedOptimizer, &resumedGenerator) }

        for ((name, a), (_, b)) in zip(reference.namedParameters(), resumed.namedParameters()) {
            #expect(a.value.scalars.map(\.bitPattern) == b.value.scalars.map(\.bitPattern), "\(name)")
        }
    }

    @Test func layoutHasLatestLinkAndPrunesOldSteps() throws {
        let root = temporaryDirectory("checkpoint-tests")
        defer { try? FileManager.default.removeItem(at: root) }
        let model = Regressor(seed: 1)
        for step in [10, 20, 30] {
            try Checkpoint(model: model, configuration: configuration, step: step).write(to: root, keepingLast: 2)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(names == ["latest", "step-0000000020", "step-0000000030"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("latest").path) == "step-0000000030")
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("latest").path).sorted()
        #expect(files == ["checkpoint.json", "model.safetensors"])
        // Saving the same step again makes a new directory rather than overwriting.
        let again = try Checkpoint(model: model, configuration: configuration, step: 30).write(to: root, keepingLast: 1)
        #expect(again.lastPathComponent == "step-0000000030.1")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["latest", "step-0000000030.1"])
        // A single step directory can be read directly too.
        #expect(try Checkpoint<Configuration>(contentsOf: again).step == 30)
        let model2 = Regressor(seed: 2)
        try model2.load(contentsOf: again.appendingPathComponent("model.safetensors"))
        #expect(model2.stateDictionary().mapValues(\.scalars) == model.stateDictionary().mapValues(\.scalars))
    }

    @Test func failedSaveLeavesPreviousCheckpointIntact() throws {
        let root = temporaryDirectory("checkpoint-tests")
        defer { try? FileManager.default.removeItem(at: root) }
        let model = Regressor(seed: 1)
        try Checkpoint(model: model, configuration: configuration, step: 1).write(to: root)
        // A save that fails half-way (the second file cannot be written)...
        let broken = Checkpoint(
            parameters: model.stateDictionary(), optimizerState: OptimizerState(tensors: ["__metadata__": Tensor([1])]),
            configuration: configuration, step: 2)
        #expect(throws: SafeTensorsError.self) { try broken.write(to: root) }
        // ...and the debris of a process killed mid-save.
        let debris = root.appendingPathComponent(".tmp-killed")
        try FileManager.default.createDirectory(at: debris, withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: debris.appendingPathComponent("model.safetensors"))

        #expect(try Checkpoint<Configuration>(contentsOf: root).step == 1)
        try Checkpoint(model: model, configuration: configuration, step: 3).write(to: root)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["latest", "step-0000000003"])
    }

    @Test func recoveryFallsBackToTheNewestReadableCheckpoint() throws {
        let root = temporaryDirectory("checkpoint-tests")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: root)
        // No checkpoint at all: a missing root, then one holding only the debris of a killed first save.
        #expect(try Checkpoint<Configuration>.recoverNewest(from: root) == nil)
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".tmp-killed"), withIntermediateDirectories: true)
        #expect(try Checkpoint<Configuration>.recoverNewest(from: root) == nil)

        let model = Regressor(seed: 1)
        for step in [10, 20, 30] {
            try Checkpoint(model: model, configuration: configuration, step: step).write(to: root, keepingLast: 3)
        }
        let intact = try #require(try Checkpoint<Configuration>.recoverNewest(from: root))
        #expect(intact.checkpoint.step == 30 && intact.skipped.isEmpty)
        // The newest is damaged (its tensors truncated), the one before it has lost its sidecar.
        let model30 = root.appendingPathComponent("step-0000000030/model.safetensors")
        let bytes = try Data(contentsOf: model30)
        try bytes.prefix(bytes.count - 5).write(to: model30)
        try FileManager.default.removeItem(at: root.appendingPathComponent("step-0000000020/checkpoint.json"))

        let recovered = try #require(try Checkpoint<Configuration>.recoverNewest(from: root))
        #expect(recovered.checkpoint.step == 10)
        #expect(recovered.directory.lastPathComponent == "step-0000000010")
        #expect(recovered.skipped.count == 2)
        #expect(recovered.skipped[0].contains("step-0000000030/model.safetensors"), "\(recovered.skipped)")
        #expect(recovered.skipped[1].contains("step-0000000020/checkpoint.json"), "\(recovered.skipped)")
        // The damaged ones are set aside, so the next save and its pruning never count them.
        try Checkpoint(model: model, configuration: configuration, step: 20).write(to: root, keepingLast: 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == [
            "latest", "step-0000000020", "unreadable-step-0000000020", "unreadable-step-0000000030",
        ])
        #expect(try Checkpoint<Configuration>.recoverNewest(from: root)?.checkpoint.step == 20)

        // When nothing reads back, the error lists every checkpoint's problem and nothing is renamed.
        try Data("{".utf8).write(to: root.appendingPathComponent("step-0000000020/checkpoint.json"))
        #expect {
            try Checkpoint<Configuration>.recoverNewest(from: root)
        } throws: { error in
            "\(error)".contains("no checkpoint reads back") && "\(error)".contains("step-0000000020/checkpoint.json")
        }
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("step-0000000020").path))
    }

    @Test func rejectsInconsistentOrMalformedCheckpoints() throws {
        let root = temporaryDirectory("checkpoint-tests")
        defer { try? FileManager.default.removeItem(at: root) }
        let model = Regressor(seed: 1)
        let directory = try Checkpoint(model: model, configuration: configuration, step: 4).write(to: root)
        let sidecar = directory.appendingPathComponent("checkpoint.json")
        let original = try String(contentsOf: sidecar, encoding: .utf8)

        try original.replacingOccurrences(of: "\"step\" : 4", with: "\"step\" : 5").write(to: sidecar, atomically: true, encoding: .utf8)
        #expect(throws: CheckpointError.self) { try Checkpoint<Configuration>(contentsOf: root) }

        try original.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2").write(to: sidecar, atomically: true, encoding: .utf8)
        #expect(throws: CheckpointError.self) { try Checkpoint<Configuration>(contentsOf: root) }

        try original.replacingOccurrences(of: "model.safetensors", with: "../model.safetensors").write(to: sidecar, atomically: true, encoding: .utf8)
        #expect(throws: CheckpointError.self) { try Checkpoint<Configuration>(contentsOf: root) }

        try "{ not json".write(to: sidecar, atomically: true, encoding: .utf8)
        #expect(throws: CheckpointError.self) { try Checkpoint<Configuration>(contentsOf: root) }

        try original.write(to: sidecar, atomically: true, encoding: .utf8)
        try Data([0, 1, 2]).write(to: directory.appendingPathComponent("model.safetensors"))
        #expect(throws: SafeTensorsError.self) { try Checkpoint<Configuration>(contentsOf: root) }

        #expect(throws: CheckpointError.self) { try Checkpoint<Configuration>(contentsOf: temporaryDirectory("checkpoint-tests")) }
    }

    @Test func restoreChecksTheModelAndOptimizer() throws {
        let model = Regressor(seed: 1)
        let checkpoint = Checkpoint(model: model, configuration: configuration, step: 0)
        #expect(throws: CheckpointError.self) { try checkpoint.restore(model: model, optimizer: try SGD(for: model, learningRate: 0.1)) }
        var wrong = checkpoint
        wrong.parameters["hidden.weight"] = Tensor.zeros([8, 4])
        #expect(throws: StateDictionaryError.self) { try wrong.restore(model: model) }
    }

    @Test func optimisersOfTheTreesPartsRestoreTogetherOrNotAtAll() throws {
        let model = Regressor(seed: 1)
        let hidden = try Adam(parameters: model.hidden.namedParameters(), learningRate: 0.01)
        let output = try SGD(parameters: model.output.namedParameters(), learningRate: 0.1, momentum: 0.9)
        var generator = RandomGenerator(seed: 3)
        for _ in 0..<3 {
            trainingStep(model, hidden, &generator)
            output.step()
        }
        let checkpoint = Checkpoint(
            model: model, optimizers: ["": hidden, "output.": output], configuration: configuration, step: 3)
        // The state has the tree's shape: the output part's entries sit under its prefix.
        let state = try #require(checkpoint.optimizerState)
        #expect(state.tensors.keys.contains("output.momentum_buffer.weight"))
        #expect(state.tensors.keys.contains("exp_avg.weight") && state.metadata["output.optimizer"] == "SGD")
        let parts = try state.parts(prefixes: ["", "output."])
        #expect(parts["output."]!.metadata == output.exportState().metadata)
        #expect(parts[""]!.tensors.keys.sorted() == hidden.exportState().tensors.keys.sorted())
        #expect(throws: StateDictionaryError.self) { try state.parts(prefixes: ["output."]) }

        let fresh = Regressor(seed: 2)
        let freshHidden = try Adam(parameters: fresh.hidden.namedParameters(), learningRate: 0.5)
        let freshOutput = try SGD(parameters: fresh.output.namedParameters(), learningRate: 0.5, momentum: 0.5)
        var broken = checkpoint
        broken.optimizerState!.tensors["output.momentum_buffer.bias"] = Tensor.zeros([3])
        #expect(throws: StateDictionaryError.self) {
            try broken.restore(model: fresh, optimizers: ["": freshHidden, "output.": freshOutput])
        }
        // Nothing changed: not the parameters, not the first optimiser whose part was valid.
        #expect(fresh.stateDictionary().mapValues(\.scalars) == Regressor(seed: 2).stateDictionary().mapValues(\.scalars))
        #expect(freshHidden.learningRate == 0.5 && freshHidden.exportState().tensors.isEmpty)

        try checkpoint.restore(model: fresh, optimizers: ["": freshHidden, "output.": freshOutput])
        #expect(fresh.stateDictionary().mapValues(\.scalars) == model.stateDictionary().mapValues(\.scalars))
        #expect(freshHidden.exportState().tensors.mapValues(\.scalars) == hidden.exportState().tensors.mapValues(\.scalars))
        #expect(freshOutput.exportState().metadata == output.exportState().metadata)
    }
}
