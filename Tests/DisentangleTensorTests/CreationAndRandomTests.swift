import DisentangleTensor
import Testing

@Suite("Creation and random numbers")
struct CreationAndRandomTests {
    @Test func creation() {
        #expect(Tensor.zeros([2, 2]).scalars == [0, 0, 0, 0])
        #expect(Tensor.ones([3]).scalars == [1, 1, 1])
        #expect(Tensor.full([2], 7).scalars == [7, 7])
        #expect(Tensor.arange(0, 5).scalars == [0, 1, 2, 3, 4])
        #expect(Tensor.arange(1, 2, step: 0.25).scalars == [1, 1.25, 1.5, 1.75])
        #expect(Tensor.linspace(-1, 1, count: 5).scalars == [-1, -0.5, 0, 0.5, 1])
        #expect(Tensor(3).shape == [])
        #expect(throws: TensorError.self) { try Tensor(validatingShape: [2, 2], scalars: [1, 2, 3]) }
    }

    @Test func storageIsCacheLineAligned() {
        for count in [0, 1, 3, 17, 1000, 1 << 20] {
            var tensor = Tensor.full([count], 2)
            tensor.withUnsafeScalars { #expect(Int(bitPattern: $0.baseAddress) % 64 == 0, "\(count) scalars") }
            tensor.withUnsafeMutableScalars { scalars in
                for i in scalars.indices { scalars[i] += Float(i) }
            }
            #expect(tensor.scalars == (0..<count).map { Float($0) + 2 })
        }
    }

    @Test func xoshiroReferenceStream() {
        // xoshiro256** from state {1, 2, 3, 4}: the first output is rotl(2 * 5, 7) * 9 = 11520; after one state
        // update s[1] = 0, so the second output is 0.
        var reference = try! RandomGenerator(state: [1, 2, 3, 4])
        #expect(reference.next() == 11520)
        #expect(reference.next() == 0)
        #expect(throws: TensorError.self) { try RandomGenerator(state: [0, 0, 0, 0]) }
        var g = RandomGenerator(seed: 0)
        let first = (0..<3).map { _ in g.next() }
        var h = RandomGenerator(seed: 0)
        #expect((0..<3).map { _ in h.next() } == first)
        #expect(RandomGenerator(seed: 1).state != RandomGenerator(seed: 2).state)
        // SplitMix64's first output for seed 0 is 0xE220A8397B1DCDAF.
        #expect(RandomGenerator(seed: 0).state[0] == 0xE220_A839_7B1D_CDAF)
    }

    @Test func sameSeedSameNumbers() {
        var a = RandomGenerator(seed: 42)
        var b = RandomGenerator(seed: 42)
        #expect(Tensor.randomNormal([100], using: &a).scalars == Tensor.randomNormal([100], using: &b).scalars)
        #expect(a.permutation(10) == b.permutation(10))
    }

    @Test func distributionsHaveTheRightMoments() {
        var g = RandomGenerator(seed: 3)
        let n = Tensor.randomNormal([20000], mean: 2, standardDeviation: 3, using: &g)
        #expect(Swift.abs(n.mean().scalar - 2) < 0.1)
        #expect(Swift.abs(n.standardDeviation(alongAxes: [0]).scalar - 3) < 0.1)
        let u = Tensor.randomUniform([20000], lowerBound: -1, upperBound: 3, using: &g)
        #expect(u.min().scalar >= -1 && u.max().scalar < 3)
        #expect(Swift.abs(u.mean().scalar - 1) < 0.05)
        let bern = Tensor.randomBernoulli([20000], probability: 0.3, using: &g)
        #expect(Swift.abs(bern.mean().scalar - 0.3) < 0.02)
        let perm = Tensor.randomPermutation(50, using: &g).scalars.map { Int($0) }
        #expect(perm.sorted() == Array(0..<50))
        // nextInt(below:) is unbiased enough to hit every value.
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7000 { counts[g.nextInt(below: 7)] += 1 }
        #expect(counts.allSatisfy { $0 > 850 && $0 < 1150 })
    }
}
