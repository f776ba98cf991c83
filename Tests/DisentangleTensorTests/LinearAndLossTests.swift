import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

@Suite("Matrix products and losses")
struct LinearAndLossTests {
    @Test func matmulValues() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        #expect(a.matmul(b).scalars == [58, 64, 139, 154])
        // Batched with a shared right matrix equals per-item products.
        let batch = uniform([4, 2, 3], seed: 41)
        let shared = batch.matmul(b)
        for i in 0..<4 {
            let item = batch.narrowed(alongAxis: 0, start: i, length: 1).reshaped([2, 3]).matmul(b)
            #expect(close(shared.narrowed(alongAxis: 0, start: i, length: 1).scalars, item.scalars))
        }
    }

    @Test func largeMatmulMatchesNaive() {
        // Big enough to be split across threads.
        let m = 70, k = 300, n = 530
        let a = uniform([m, k], seed: 42)
        let b = uniform([k, n], seed: 43)
        let c = a.matmul(b).scalars
        let sa = a.scalars, sb = b.scalars
        var worst: Float = 0
        for i in stride(from: 0, to: m, by: 7) {
            for j in stride(from: 0, to: n, by: 13) {
                var acc = 0.0
                for p in 0..<k { acc += Double(sa[i * k + p]) * Double(sb[p * n + j]) }
                worst = Swift.max(worst, Swift.abs(c[i * n + j] - Float(acc)))
            }
        }
        #expect(worst < 1e-4)
    }

    @Test func matmulGradients() {
        checkGradients([uniform([3, 4], seed: 44), uniform([4, 5], seed: 45)]) { $0[0].matmul($0[1]) }
        checkGradients([uniform([2, 3, 4], seed: 46), uniform([4, 2], seed: 47)]) { $0[0].matmul($0[1]) }
        checkGradients([uniform([2, 3, 4], seed: 48), uniform([2, 4, 2], seed: 49)]) { $0[0].matmul($0[1]) }
    }

    @Test func binaryCrossEntropyMatchesDefinition() {
        let logits = Tensor([-3, -0.5, 0, 2, 50])
        let targets = Tensor([0, 1, 0.5, 1, 0])
        let loss = binaryCrossEntropyWithLogits(logits: logits, targets: targets, reduction: .none).scalars
        for i in 0..<5 {
            let x = Double(logits.scalars[i])
            let t = Double(targets.scalars[i])
            let p = 1 / (1 + Foundation.exp(-x))
            let expected = x > 20 ? x * (1 - t) : -(t * Foundation.log(p) + (1 - t) * Foundation.log(1 - p))
            #expect(Swift.abs(Double(loss[i]) - expected) < 1e-5 * (1 + expected))
        }
        checkGradients([uniform([3, 4], -3, 3, seed: 50), uniform([3, 4], 0, 1, seed: 51)]) {
            binaryCrossEntropyWithLogits(logits: $0[0], targets: $0[1], reduction: .none)
        }
    }

    @Test func crossEntropyAndMSE() {
        let logits = Tensor(shape: [2, 3], scalars: [1, 2, 3, 1, 1, 1])
        let ce = crossEntropy(logits: logits, labels: [2, 0], reduction: .none).scalars
        #expect(close(ce, [0.40760596, 1.09861229]))
        checkGradients([uniform([4, 5], seed: 52)]) { crossEntropy(logits: $0[0], labels: [0, 4, 2, 2], reduction: .sum) }
        let mse = meanSquaredError(prediction: Tensor([1, 2, 3]), target: Tensor([1, 0, 0]))
        #expect(close([mse.scalar], [13.0 / 3]))
        checkGradients([uniform([3, 2], seed: 53), uniform([3, 2], seed: 54)]) {
            meanSquaredError(prediction: $0[0], target: $0[1], reduction: .sum)
        }
    }
}

/// `matmul(_:transposingOther:)` reads the right operand transposed in place: the same product and gradients as
/// multiplying by a transposed copy (a linear layer's `x Wᵀ`), for a plain and for a shared right matrix.
@Suite struct TransposedMatmulTests {
    @Test(arguments: [[4, 3], [2, 4, 3]])
    func equalsMultiplyingByATransposedCopy(leftShape: [Int]) {
        var generator = RandomGenerator(seed: 8)
        let left = Tensor(shape: leftShape, scalars: (0..<leftShape.reduce(1, *)).map { _ in Float(generator.nextNormal()) })
        let right = Tensor(shape: [5, 3], scalars: (0..<15).map { _ in Float(generator.nextNormal()) })
        let upstream = Tensor(shape: Array(leftShape.dropLast()) + [5], scalars: (0..<(leftShape.reduce(1, *) / 3 * 5)).map { _ in Float(generator.nextNormal()) })
        func run(_ transposing: Bool) -> [[Float]] {
            let a = left.requiringGradient(), b = right.requiringGradient()
            let y = transposing ? a.matmul(b, transposingOther: true) : a.matmul(b.transposed())
            let loss = (y * upstream).sum()
            return [y.scalars] + gradients(of: loss, wrt: [a, b]).map(\.scalars)
        }
        let expected = run(false), actual = run(true)
        for (e, a) in zip(expected, actual) {
            #expect(e.count == a.count)
            for (x, y) in zip(e, a) { #expect(abs(x - y) <= 1e-5 * max(1, abs(x)), "\(y) vs \(x)") }
        }
    }
}
