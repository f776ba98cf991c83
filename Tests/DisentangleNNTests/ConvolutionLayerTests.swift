import DisentangleNN
import DisentangleTensor
import Testing

@Suite("Convolution layers")
struct ConvolutionLayerTests {
    @Test func conv2DShapesNamesAndDefaultInitialisation() {
        var generator = RandomGenerator(seed: 1)
        let layer = Conv2D(inputChannels: 3, outputChannels: 8, kernelSize: 4, stride: 2, padding: 1, using: &generator)
        #expect(layer.namedParameters().map(\.name) == ["weight", "bias"])
        #expect(layer.weight.shape == [8, 3, 4, 4])
        #expect(layer(Tensor.zeros([2, 3, 32, 32])).shape == [2, 8, 16, 16])
        // fan_in = 3 * 4 * 4 = 48.
        let bound = 1 / Float(48).squareRoot()
        #expect(layer.weight.value.scalars.allSatisfy { abs($0) <= bound })
        #expect(layer.weight.value.scalars.contains { abs($0) > 0.9 * bound })
        #expect(layer.bias!.value.scalars.allSatisfy { abs($0) <= bound })
        let unpadded = Conv2D(inputChannels: 12, outputChannels: 4, kernelSize: 3, bias: false, using: &generator)
        #expect(unpadded(Tensor.zeros([1, 12, 40, 40])).shape == [1, 4, 38, 38])
        #expect(unpadded.bias == nil)
    }

    @Test func convTranspose2DUsesPyTorchsFanIn() {
        var generator = RandomGenerator(seed: 2)
        let layer = ConvTranspose2D(inputChannels: 64, outputChannels: 2, kernelSize: 4, stride: 2, padding: 1, using: &generator)
        #expect(layer.weight.shape == [64, 2, 4, 4])
        #expect(layer(Tensor.zeros([3, 64, 2, 2])).shape == [3, 2, 4, 4])
        // PyTorch takes fan_in from weight dimension 1: 2 * 4 * 4 = 32, not 64 * 16.
        let bound = 1 / Float(32).squareRoot()
        #expect(layer.weight.value.scalars.allSatisfy { abs($0) <= bound })
        #expect(layer.weight.value.scalars.contains { abs($0) > 0.9 * bound })
        #expect(layer.bias!.value.scalars.contains { abs($0) > 0.5 * bound })
        let padded = ConvTranspose2D(inputChannels: 1, outputChannels: 1, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, using: &generator)
        #expect(padded(Tensor.zeros([1, 1, 5, 5])).shape == [1, 1, 10, 10])
    }

    @Test func explicitWeightsComputeCrossCorrelation() {
        let layer = Conv2D(weight: Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]), bias: Tensor([0.5]))
        let input = Tensor(shape: [1, 1, 2, 3], scalars: [1, 0, 2, 0, 1, 3])
        // Windows [[1, 0], [0, 1]] and [[0, 2], [1, 3]].
        #expect(layer(input).scalars == [5.5, 19.5])
        let transposed = ConvTranspose2D(weight: Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]), bias: nil, stride: 2)
        #expect(transposed(Tensor(shape: [1, 1, 1, 2], scalars: [1, 10])).scalars == [1, 2, 10, 20, 3, 4, 30, 40])
    }
}
