import DisentangleNN
import DisentangleTensor
import Foundation
import Testing

/// A module exercising reflection: a child, an optional child, an array of children, a parameter array, an
/// optional parameter that is nil, and plain stored values that must be ignored.
private final class Composite: Layer {
    let scale = Parameter(Tensor([2]))
    let encoder: Sequential
    let head: Linear?
    let blocks: [Linear]
    let offsets: [Parameter]
    let missing: Parameter? = nil
    let grid: [Float] = [1, 2, 3]
    let name = "composite"

    init(using generator: inout RandomGenerator) {
        encoder = Sequential(
            Linear(inputSize: 3, outputSize: 4, using: &generator), ReLU(),
            Linear(inputSize: 4, outputSize: 2, bias: false, using: &generator))
        head = Linear(inputSize: 2, outputSize: 2, using: &generator)
        blocks = [Linear(inputSize: 2, outputSize: 2, using: &generator), Linear(inputSize: 2, outputSize: 2, using: &generator)]
        offsets = [Parameter(Tensor([0.5])), Parameter(Tensor([0.25]))]
    }

    func callAsFunction(_ input: Tensor) -> Tensor {
        var x = encoder(input) * scale.value
        if let head { x = head(x) }
        for block in blocks { x = block(x) }
        return x + offsets[0].value + offsets[1].value
    }
}

/// Two children sharing one layer (tied weights).
private final class Tied: Module {
    let first: Linear
    let second: Linear

    init(_ shared: Linear) {
        first = shared
        second = shared
    }
}

@Suite("Modules and state dictionaries")
struct ModuleTests {
    @Test func namesFollowPyTorchStateDictConvention() {
        var generator = RandomGenerator(seed: 1)
        let model = Composite(using: &generator)
        #expect(model.namedParameters().map(\.name) == [
            "scale", "offsets.0", "offsets.1",
            "encoder.0.weight", "encoder.0.bias", "encoder.2.weight",
            "head.weight", "head.bias",
            "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias",
        ])
        #expect(model.children.map(\.name) == ["encoder", "head", "blocks.0", "blocks.1"])
        let expectedCount = 1 + 2 + 12 + 4 + 8 + 6 + 6 + 6
        #expect(model.parameterCount == expectedCount)
        let existential: any Module = model
        #expect(existential.parameters.count == 12)
    }

    @Test func sharedParametersAreListedOnce() {
        var generator = RandomGenerator(seed: 1)
        let tied = Tied(Linear(inputSize: 2, outputSize: 2, using: &generator))
        #expect(tied.namedParameters().map(\.name) == ["first.weight", "first.bias"])
    }

    @Test func linearComputesAffineMapOverLeadingDimensions() {
        let layer = Linear(weight: Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]), bias: Tensor([0.5, -1]))
        let input = Tensor(shape: [2, 1, 3], scalars: [1, 0, -1, 2, 1, 0])
        let output = layer(input)
        #expect(output.shape == [2, 1, 2])
        #expect(output.scalars == [-1.5, -3, 4.5, 12])
        let noBias = Linear(weight: Tensor(shape: [1, 2], scalars: [1, 1]), bias: nil)
        #expect(noBias(Tensor(shape: [1, 2], scalars: [3, 4])).scalars == [7])
        #expect(noBias.namedParameters().map(\.name) == ["weight"])
    }

    @Test func parameterFreeLayers() {
        let x = Tensor(shape: [1, 2, 2], scalars: [-2, -0.5, 0, 3])
        #expect(ReLU()(x).scalars == [0, 0, 0, 3])
        #expect(LeakyReLU(negativeSlope: 0.2)(x).scalars == [-0.4, -0.1, 0, 3])
        #expect(LeakyReLU()(x).scalars == [-0.02, -0.005, 0, 3])
        #expect(Sigmoid()(Tensor([0])).scalars == [0.5])
        #expect(Tanh()(Tensor([0])).scalars == [0])
        #expect(Flatten()(x).shape == [1, 4])
        #expect(Flatten(startAxis: 0, endAxis: 1)(x).shape == [2, 2])
        #expect(Reshape([-1, 1, 2, 2])(Flatten()(x)).shape == [1, 1, 2, 2])
        let stack = Sequential(Flatten(), ReLU())
        #expect(stack(x).scalars == [0, 0, 0, 3])
        #expect(stack.namedParameters().isEmpty)
    }

    @Test func gradientsReachEveryParameterThroughExistentials() {
        var generator = RandomGenerator(seed: 3)
        let model: any Layer = Composite(using: &generator)
        let input = Tensor.randomNormal([5, 3], using: &generator)
        model(input).squared().sum().backward()
        for (name, parameter) in model.namedParameters() {
            #expect(parameter.gradient?.shape == parameter.shape, "\(name)")
        }
        model.zeroGradients()
        #expect(model.parameters.allSatisfy { $0.gradient == nil })
    }

    @Test func stateDictionaryRoundTripsAndIsDetached() throws {
        var generator = RandomGenerator(seed: 4)
        let source = Composite(using: &generator)
        let target = Composite(using: &generator)
        let state = source.stateDictionary()
        try target.loadStateDictionary(state)
        for ((name, a), (_, b)) in zip(source.namedParameters(), target.namedParameters()) {
            #expect(a.value.scalars == b.value.scalars, "\(name)")
            #expect(a !== b)
        }
        // Updating the source afterwards does not change the captured dictionary.
        source.scale.withUnsafeMutableScalars { $0[0] = 100 }
        #expect(state["scale"]?.scalars == [2])
        #expect(target.scale.value.requiresGradient)
    }

    @Test func loadingRejectsMismatchesNamingTheTensorAndChangesNothing() throws {
        var generator = RandomGenerator(seed: 5)
        let model = Composite(using: &generator)
        let original = model.stateDictionary()
        var changed = original.mapValues { $0 * 2 }

        changed["head.bias"] = nil
        #expect(throws: StateDictionaryError(.missingTensor, tensor: "head.bias", "the model has this parameter but the tensors do not")) {
            try model.loadStateDictionary(changed)
        }
        changed["head.bias"] = Tensor.zeros([3])
        #expect(throws: StateDictionaryError(.shapeMismatch, tensor: "head.bias", "shape [3] in the tensors, [2] in the model")) {
            try model.loadStateDictionary(changed)
        }
        changed["head.bias"] = Tensor.zeros([2])
        changed["tail.weight"] = Tensor.zeros([1])
        #expect(throws: StateDictionaryError(.unexpectedTensor, tensor: "tail.weight", "the model has no parameter of this name")) {
            try model.loadStateDictionary(changed)
        }
        #expect(model.stateDictionary().mapValues(\.scalars) == original.mapValues(\.scalars))
        try model.loadStateDictionary(changed, strict: false)
        #expect(model.scale.value.scalars == [4])
    }

    @Test func loadingChecksStoredElementTypes() throws {
        let layer = Linear(weight: Tensor(shape: [1, 1], scalars: [1]), bias: Tensor([0]))
        // A file whose bias is stored as I64.
        let header = "{\"bias\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},\"weight\":{\"dtype\":\"F16\",\"shape\":[1,1],\"data_offsets\":[8,10]}}"
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        withUnsafeBytes(of: Int64(3).littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt16(0x4000).littleEndian) { data.append(contentsOf: $0) }
        let file = try SafeTensors(data: data)
        #expect(throws: StateDictionaryError(.dtypeMismatch, tensor: "bias", "stored as I64, but parameters need a floating-point type")) {
            try layer.load(file)
        }
        try layer.loadStateDictionary(file.tensors)
        #expect(layer.weight.value.scalars == [2])
        #expect(layer.bias?.value.scalars == [3])
    }

    @Test func savesAndLoadsSafetensorsFiles() throws {
        var generator = RandomGenerator(seed: 6)
        let model = Composite(using: &generator)
        let copy = Composite(using: &generator)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("module-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url, metadata: ["format": "pt"])
        try copy.load(contentsOf: url)
        #expect(copy.stateDictionary().mapValues(\.scalars) == model.stateDictionary().mapValues(\.scalars))
        #expect(try SafeTensors(contentsOf: url).metadata == ["format": "pt"])
    }
}
