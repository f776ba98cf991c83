import DisentangleTensor
import DisentangleTestSupport
import Testing

@Suite("Element-wise operations: values and gradients")
struct ElementwiseTests {
    @Test func binaryOperatorsWithBroadcasting() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3], scalars: [10, 20, 30])
        #expect((a + b).scalars == [11, 22, 33, 14, 25, 36])
        #expect((a - b).scalars == [-9, -18, -27, -6, -15, -24])
        #expect((a * b).scalars == [10, 40, 90, 40, 100, 180])
        let column = Tensor(shape: [2, 1], scalars: [2, 4])
        #expect((a / column).scalars == [0.5, 1, 1.5, 1, 1.25, 1.5])
        #expect((2 * a - 1).scalars == [1, 3, 5, 7, 9, 11])
        // [2,1] + [1,3] broadcasts both ways.
        let row = Tensor(shape: [1, 3], scalars: [1, 2, 3])
        #expect((column + row).shape == [2, 3])
        #expect((column + row).scalars == [3, 4, 5, 5, 6, 7])
    }

    /// Thread counts set for this task only (``Threading/withThreadCount(_:_:)``): the process-wide count would change
    /// under the tests running in parallel.
    @Test("large element-wise operations split across threads give each element's value, whatever the thread count")
    func largeOperandsAcrossThreads() {
        let count = 3 * (1 << 16) + 7  // three chunks and a tail
        let a = uniform([count], seed: 3)
        let b = uniform([count], 0.5, 1.5, seed: 4)
        let (x, y) = (a.scalars, b.scalars)
        // Broadcasting both ways ([4, 64, 1, 1] + [1, 64, 36, 36], the SBD's first layer): rows split across threads.
        let column = uniform([4, 64, 1, 1], seed: 5)
        let plane = uniform([1, 64, 36, 36], seed: 6)
        var expected = [Float](repeating: 0, count: 4 * 64 * 36 * 36)
        for n in 0..<4 {
            for c in 0..<64 {
                for p in 0..<(36 * 36) {
                    expected[(n * 64 + c) * 1296 + p] = column.scalars[n * 64 + c] + plane.scalars[c * 1296 + p]
                }
            }
        }
        let processWide = Threading.threadCount
        #expect(Threading.withThreadCount(3) { Threading.threadCount } == 3 && Threading.threadCount == processWide)
        for threads in [1, 2] {
            Threading.withThreadCount(threads) {
                #expect((a * b).scalars == zip(x, y).map { $0 * $1 }, "\(threads) threads")
                #expect((a - 0.25).scalars == x.map { $0 - 0.25 }, "\(threads) threads")
                #expect((2 / b).scalars == y.map { 2 / $0 }, "\(threads) threads")
                #expect((column + plane).scalars == expected, "\(threads) threads")
            }
        }
    }

    @Test func binaryGradients() {
        let a = uniform([2, 3, 4], seed: 1)
        let b = uniform([3, 1], 0.5, 1.5, seed: 2)
        checkGradients([a, b]) { $0[0] + $0[1] }
        checkGradients([a, b]) { $0[0] - $0[1] }
        checkGradients([a, b]) { $0[0] * $0[1] }
        checkGradients([a, b]) { $0[0] / $0[1] }
        checkGradients([a]) { 3 * $0[0] + 1 }
        checkGradients([a]) { 2 / ($0[0] + 3) }
        checkGradients([a]) { -$0[0] }
        checkGradients([a, uniform([4], seed: 3)]) { Tensor.minimum($0[0], $0[1]) }
        checkGradients([a, uniform([4], seed: 3)]) { Tensor.maximum($0[0], $0[1]) }
        checkGradients([uniform([3, 4], 0.5, 2, seed: 4), uniform([4], -1, 2, seed: 5)]) { Tensor.pow($0[0], $0[1]) }
    }

    @Test func unaryValues() {
        let x = Tensor([-2, -0.5, 0, 0.5, 2])
        #expect(x.relu().scalars == [0, 0, 0, 0.5, 2])
        #expect(x.leakyRelu(slope: 0.1).scalars == [-0.2, -0.05, 0, 0.5, 2])
        #expect(x.abs().scalars == [2, 0.5, 0, 0.5, 2])
        #expect(x.clamped(lowerBound: -1, upperBound: 1).scalars == [-1, -0.5, 0, 0.5, 1])
        #expect(close(x.sigmoid().scalars, [0.11920292, 0.37754067, 0.5, 0.62245933, 0.88079708]))
        #expect(close(x.tanh().scalars, [-0.96402758, -0.46211716, 0, 0.46211716, 0.96402758]))
        #expect(close(x.softplus().scalars, [0.12692801, 0.47407698, 0.69314718, 0.97407698, 2.12692801]))
        #expect(close(x.exp().scalars, [0.13533528, 0.60653066, 1, 1.64872127, 7.3890561]))
        // Stability at extreme inputs.
        let extreme = Tensor([-100, 100])
        #expect(extreme.sigmoid().scalars[0] < 1e-30 && extreme.sigmoid().scalars[1] == 1)
        #expect(extreme.softplus().scalars[0] < 1e-30 && extreme.softplus().scalars[1] == 100)
        let positive = Tensor([0.25, 1, 4])
        #expect(close(positive.log().scalars, [-1.38629436, 0, 1.38629436]))
        #expect(positive.sqrt().scalars == [0.5, 1, 2])
        #expect(positive.squared().scalars == [0.0625, 1, 16])
        #expect(close(positive.pow(1.5).scalars, [0.125, 1, 8]))
        #expect(close(Tensor([1e-8]).log1p().scalars, [1e-8]))
    }

    @Test func unaryGradients() {
        let x = uniform([3, 5], seed: 11)
        let positive = uniform([3, 5], 0.5, 2, seed: 12)
        // Keep kinked functions away from their kinks.
        let awayFromZero = x + x.greaterMask(than: Tensor(0)) * 0.2 - x.lessMask(than: Tensor(0)) * 0.2
        checkGradients([x]) { $0[0].exp() }
        checkGradients([positive]) { $0[0].log() }
        checkGradients([positive]) { $0[0].log1p() }
        checkGradients([positive]) { $0[0].sqrt() }
        checkGradients([x]) { $0[0].squared() }
        checkGradients([positive]) { $0[0].pow(2.5) }
        checkGradients([awayFromZero]) { $0[0].abs() }
        checkGradients([awayFromZero]) { $0[0].relu() }
        checkGradients([awayFromZero]) { $0[0].leakyRelu(slope: 0.2) }
        checkGradients([x]) { $0[0].sigmoid() }
        checkGradients([x]) { $0[0].tanh() }
        checkGradients([x * 3]) { $0[0].softplus() }
        checkGradients([awayFromZero]) { $0[0].clamped(lowerBound: -0.5, upperBound: 0.5) }
    }

    @Test func comparisonMasks() {
        let a = Tensor([1, 2, 3])
        let b = Tensor([2, 2, 2])
        #expect(a.lessMask(than: b).scalars == [1, 0, 0])
        #expect(a.lessOrEqualMask(than: b).scalars == [1, 1, 0])
        #expect(a.greaterMask(than: b).scalars == [0, 0, 1])
        #expect(a.greaterOrEqualMask(than: b).scalars == [0, 1, 1])
        #expect(a.equalMask(to: b).scalars == [0, 1, 0])
        #expect(!a.lessMask(than: b).requiresGradient)
        #expect(Tensor([1, .nan]).isFinite == false)
    }
}
