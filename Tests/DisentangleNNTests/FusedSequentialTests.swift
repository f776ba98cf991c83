import DisentangleNN
import DisentangleTensor
import Testing

/// Sequential applies each `Conv2D` followed by `ReLU` as one rectified convolution: the same parameter names,
/// and outputs and gradients bit for bit those of applying the layers one by one.
@Suite("Sequential fuses Conv2D + ReLU")
struct FusedSequentialTests {
    static func stack() -> Sequential {
        var generator = RandomGenerator(seed: 7)
        return Sequential(
            Conv2D(inputChannels: 16, outputChannels: 16, kernelSize: 3, padding: 1, using: &generator), ReLU(),  // Winograd
            Conv2D(inputChannels: 16, outputChannels: 8, kernelSize: 4, stride: 2, padding: 1, using: &generator), ReLU(),  // per-tap GEMMs
            Conv2D(inputChannels: 8, outputChannels: 6, kernelSize: 3, padding: 1, using: &generator), ReLU(),  // im2col
            Conv2D(inputChannels: 6, outputChannels: 4, kernelSize: 1, using: &generator),  // not followed by ReLU
            ReLU(), ReLU(),
            Conv2D(inputChannels: 4, outputChannels: 3, kernelSize: 1, bias: false, using: &generator), ReLU())
    }

    /// Output and gradients (input, then every parameter in order) as bit patterns.
    static func run(_ model: Sequential, fused: Bool) -> [[UInt32]] {
        var generator = RandomGenerator(seed: 8)
        let x = Tensor.randomNormal([3, 16, 12, 12], using: &generator).requiringGradient()
        let y = fused ? model(x) : model.layers.reduce(x) { hidden, layer in layer(hidden) }
        let upstream = Tensor.randomNormal(y.shape, using: &generator)
        let loss = (y * upstream).sum()
        let grads = gradients(of: loss, wrt: [x] + model.namedParameters().map(\.parameter.value))
        return ([y.scalars] + grads.map(\.scalars)).map { $0.map(\.bitPattern) }
    }

    @Test("parameter names are unchanged and outputs and gradients are bit for bit the unfused ones")
    func fusedStack() {
        let model = Self.stack()
        #expect(
            model.namedParameters().map(\.name)
                == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "6.weight", "6.bias", "9.weight"])
        let fused = Self.run(model, fused: true)
        let unfused = Self.run(model, fused: false)
        #expect(fused.count == unfused.count)
        for (i, (f, u)) in zip(fused, unfused).enumerated() { #expect(f == u, "tensor \(i)") }
    }

    @Test("applyLayers(from:to:) applies the tail of the stack")
    func tail() {
        let model = Self.stack()
        var generator = RandomGenerator(seed: 9)
        let x = Tensor.randomNormal([2, 16, 12, 12], using: &generator)
        let head = model.layers[0](x)
        #expect(model.applyLayers(from: 1, to: head).scalars == model(x).scalars)
        #expect(model.applyLayers(from: model.layers.count, to: x).scalars == x.scalars)
    }
}
