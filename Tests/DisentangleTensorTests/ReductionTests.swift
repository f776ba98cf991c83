import DisentangleTensor
import DisentangleTestSupport
import Testing

@Suite("Reductions: values and gradients")
struct ReductionTests {
    let x = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])

    /// Reductions large enough to split across threads (by output rows, or by columns when one row remains) give the
    /// same values at 1 and 2 threads, equal to an explicit loop (`Threading.withThreadCount` sets the count for this
    /// task only).
    @Test("reductions do not depend on the thread count", arguments: [0, 1, 2])
    func threadIndependence(axis: Int) {
        let shape = [5, 64, 300]
        var state: UInt32 = 12345
        let scalars = (0..<shape.reduce(1, *)).map { _ -> Float in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 24) - 0.5
        }
        let x = Tensor(shape: shape, scalars: scalars)
        let strides = [shape[1] * shape[2], shape[2], 1]
        var expectedSum = [Float](), expectedMax = [Float]()
        let kept = (0..<3).filter { $0 != axis }
        for a in 0..<shape[kept[0]] {
            for b in 0..<shape[kept[1]] {
                let base = a * strides[kept[0]] + b * strides[kept[1]]
                let values = (0..<shape[axis]).map { scalars[base + $0 * strides[axis]] }
                expectedMax.append(values.max()!)
                if axis == 2 {
                    expectedSum.append(Float(values.reduce(0.0) { $0 + Double($1) }))
                } else {
                    expectedSum.append(values.reduce(Float(0), +))
                }
            }
        }
        for threads in [1, 2] {
            Threading.withThreadCount(threads) {
                #expect(x.sum(alongAxis: axis).scalars == expectedSum, "sum, \(threads) threads")
                #expect(x.max(alongAxes: [axis]).scalars == expectedMax, "max, \(threads) threads")
            }
        }
    }

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
