import DisentangleTensor
import DisentangleTestSupport
import Testing

@Suite("Reductions: values and gradients")
struct ReductionTests {
    let x = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])

    @Test func sumsAndMeans() {
        #expect(x.sum().scalar == 21)
        #expect(x.sum(alongAxis: 0).scalars == [5, 7, 9])
        #expect(x.sum(alongAxis: -1).scalars == [9, 12])
        #expect(x.sum(alongAxis: 1, keepingDimensions: true).shape == [2, 1])
        #expect(x.mean().scalar == 3.5)
        #expect(x.mean(alongAxis: 1).scalars == [3, 4])
        let cube = uniform([2, 3, 4])
        #expect(close(cube.sum(alongAxes: [0, 2]).scalars, cube.sum(alongAxis: 2).sum(alongAxis: 0).scalars))
    }

    @Test func extremes() {
        #expect(x.max().scalar == 6)
        #expect(x.min().scalar == 1)
        #expect(x.max(alongAxes: [1]).scalars == [5, 6])
        #expect(x.min(alongAxes: [0]).scalars == [1, 2, 3])
        #expect(x.argmax(alongAxis: 1) == [1, 2])
        #expect(x.argmax(alongAxis: 0) == [1, 0, 1])
        // Ties: the first index wins.
        #expect(Tensor([3, 7, 7]).argmax(alongAxis: 0) == [1])
    }

    @Test func varianceAndLogSumExp() {
        // Population and sample variance of [1, 5, 3].
        #expect(close(x.variance(alongAxes: [1]).scalars, [8.0 / 3, 8.0 / 3]))
        #expect(close(x.variance(alongAxes: [1], correction: 1).scalars, [4, 4]))
        #expect(close(x.standardDeviation(alongAxes: [1], correction: 1).scalars, [2, 2]))
        let big = Tensor([1000, 1000])
        #expect(close(big.logSumExp(alongAxes: [0]).scalars, [1000.6931472]))
        let neg = Tensor([-Float.infinity, -Float.infinity])
        #expect(neg.logSumExp(alongAxes: [0]).scalars == [-Float.infinity])
        let softmax = x.softmax(alongAxis: 1)
        #expect(close(softmax.sum(alongAxis: 1).scalars, [1, 1]))
    }

    @Test func gradients() {
        let t = uniform([3, 4, 2], seed: 21)
        checkGradients([t]) { $0[0].sum() }
        checkGradients([t]) { $0[0].sum(alongAxes: [0, 2]) }
        checkGradients([t]) { $0[0].sum(alongAxis: 1, keepingDimensions: true) }
        checkGradients([t]) { $0[0].mean(alongAxes: [1]) }
        checkGradients([t]) { $0[0].mean() }
        checkGradients([t]) { $0[0].max(alongAxes: [1]) }
        checkGradients([t]) { $0[0].min(alongAxes: [0, 2]) }
        checkGradients([t]) { $0[0].variance(alongAxes: [1], correction: 1) }
        checkGradients([t + 2]) { $0[0].standardDeviation(alongAxes: [0]) }
        checkGradients([t]) { $0[0].logSumExp(alongAxes: [2]) }
        checkGradients([t]) { $0[0].logSoftmax(alongAxis: 1) }
        checkGradients([t]) { $0[0].softmax(alongAxis: 2) }
    }
}
