import DisentangleNN
import DisentangleTensor
import Foundation
import Testing

@Suite("Initialisers")
struct InitializerTests {
    @Test func fansFollowPyTorch() {
        #expect(Initializer.fans(ofWeightShape: [256, 1024]) == (1024, 256))
        #expect(Initializer.fans(ofWeightShape: [64, 1, 4, 4]) == (16, 1024))
        // ConvTranspose2d weights are [in, out, k, k]: fan_in comes from dimension 1.
        #expect(Initializer.fans(ofWeightShape: [64, 32, 4, 4]) == (512, 1024))
        #expect(Initializer.fans(ofWeightShape: [7]) == (7, 7))
    }

    @Test func gains() {
        #expect(Nonlinearity.relu.gain == 2.0.squareRoot())
        #expect(Nonlinearity.tanh.gain == 5.0 / 3.0)
        #expect(abs(Nonlinearity.leakyReLU(negativeSlope: Float(5.0.squareRoot())).gain - (1.0 / 3.0).squareRoot()) < 1e-7)
        #expect(Nonlinearity.linear.gain == 1)
    }

    /// Draws from `initializer` and checks the range and the first two moments against the formulas.
    private func check(
        _ initializer: Initializer, fanIn: Int, fanOut: Int, bound: Double?, standardDeviation: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var generator = RandomGenerator(seed: 11)
        let values = initializer.makeTensor(shape: [200, 500], fanIn: fanIn, fanOut: fanOut, using: &generator).scalars.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        if let bound {
            #expect(values.allSatisfy { abs($0) <= bound }, sourceLocation: sourceLocation)
            #expect(values.max()! > 0.99 * bound, sourceLocation: sourceLocation)
        }
        #expect(abs(mean) < 0.02 * standardDeviation, sourceLocation: sourceLocation)
        #expect(abs(variance.squareRoot() / standardDeviation - 1) < 0.01, sourceLocation: sourceLocation)
    }

    @Test func distributionsMatchTorchNNInit() {
        // PyTorch's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), standard deviation bound/sqrt(3).
        let b = 1 / 1024.0.squareRoot()
        check(.pytorchDefaultWeight, fanIn: 1024, fanOut: 256, bound: b, standardDeviation: b / 3.0.squareRoot())
        check(.pytorchDefaultBias, fanIn: 1024, fanOut: 256, bound: b, standardDeviation: b / 3.0.squareRoot())
        let xavier = 6.0 / Double(100 + 300)
        check(.xavierUniform(gain: 1), fanIn: 100, fanOut: 300, bound: xavier.squareRoot(), standardDeviation: (xavier / 3).squareRoot())
        check(.xavierNormal(gain: 2), fanIn: 100, fanOut: 300, bound: nil, standardDeviation: 2 * (2.0 / 400).squareRoot())
        let kaiming = 2.0.squareRoot() * (3.0 / 50).squareRoot()
        check(.kaimingUniform(mode: .fanOut, nonlinearity: .relu), fanIn: 7, fanOut: 50, bound: kaiming, standardDeviation: kaiming / 3.0.squareRoot())
        check(.kaimingNormal(mode: .fanIn, nonlinearity: .tanh), fanIn: 64, fanOut: 9, bound: nil, standardDeviation: 5.0 / 3.0 / 8)
        check(.normal(mean: 0, standardDeviation: 0.02), fanIn: 1, fanOut: 1, bound: nil, standardDeviation: 0.02)
        check(.uniform(lowerBound: -0.3, upperBound: 0.3), fanIn: 1, fanOut: 1, bound: 0.3, standardDeviation: 0.3 / 3.0.squareRoot())
    }

    @Test func constantsAndSeeding() {
        var generator = RandomGenerator(seed: 1)
        #expect(Initializer.zeros.makeTensor(shape: [3], fanIn: 1, fanOut: 1, using: &generator).scalars == [0, 0, 0])
        #expect(Initializer.constant(0.5).makeTensor(shape: [2], fanIn: 1, fanOut: 1, using: &generator).scalars == [0.5, 0.5])
        var a = RandomGenerator(seed: 9)
        var b = RandomGenerator(seed: 9)
        #expect(Linear(inputSize: 8, outputSize: 4, using: &a).weight.value.scalars == Linear(inputSize: 8, outputSize: 4, using: &b).weight.value.scalars)
    }

    @Test func layersUseTheirWeightFansForBias() {
        var generator = RandomGenerator(seed: 2)
        let layer = Linear(inputSize: 4, outputSize: 300, using: &generator)
        let bias = layer.bias!.value.scalars
        #expect(bias.allSatisfy { abs($0) <= 0.5 })
        #expect(bias.contains { abs($0) > 0.4 })
        let custom = Linear(inputSize: 4, outputSize: 3, weightInitializer: .constant(1), biasInitializer: .zeros, using: &generator)
        #expect(custom.weight.value.scalars == Array(repeating: 1, count: 12))
        #expect(custom.bias!.value.scalars == [0, 0, 0])
    }

    @Test func initializersAreCodable() throws {
        let all: [Initializer] = [.pytorchDefaultWeight, .xavierNormal(gain: 1.5), .kaimingNormal(mode: .fanOut, nonlinearity: .leakyReLU(negativeSlope: 0.2)), .zeros]
        let data = try JSONEncoder().encode(all)
        #expect(try JSONDecoder().decode([Initializer].self, from: data) == all)
    }
}
