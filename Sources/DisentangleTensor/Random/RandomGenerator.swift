import Foundation

/// A seedable, splittable pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Every source of randomness in swift-disentangle takes one of these explicitly, so the same seed gives the
/// same numbers on every run and every machine. The algorithm is Blackman & Vigna's xoshiro256** 1.0
/// (<https://prng.di.unimi.it>): the 256-bit state is filled from the 64-bit seed by four SplitMix64 steps.
/// Floats are drawn as `Float(next() >> 40) * 2^-24` (24 random mantissa bits, in [0, 1)); standard normal
/// deviates use the Box–Muller transform in `Double` and cache the second deviate.
///
/// It also conforms to `RandomNumberGenerator`, so `Array.shuffled(using:)` and friends work with it, but those
/// standard-library algorithms are not guaranteed stable across Swift versions: use ``permutation(_:)`` and
/// ``shuffle(_:)`` for reproducible results.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Codable, Equatable {
    /// The four 64-bit words of the xoshiro256** state.
    public private(set) var state: [UInt64]
    private var cachedNormal: Double?

    /// Creates a generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var s = seed
        var words = [UInt64](repeating: 0, count: 4)
        for i in 0..<4 { words[i] = RandomGenerator.splitMix64(&s) }
        state = words
        cachedNormal = nil
    }

    /// Creates a generator from a raw xoshiro256** state (four words, not all zero), e.g. one saved in a checkpoint.
    public init(state: [UInt64]) throws {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else {
            throw TensorError("a xoshiro256** state needs four words, not all zero; got \(state)")
        }
        self.state = state
        cachedNormal = nil
    }

    @inline(__always)
    private static func splitMix64(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = RandomGenerator.rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = RandomGenerator.rotl(state[3], 45)
        return result
    }

    /// A new, statistically independent generator derived from this one (advances this generator once).
    ///
    /// Use it to give a sub-task (a data loader, a metric) its own stream without disturbing the caller's.
    public mutating func split() -> RandomGenerator {
        RandomGenerator(seed: next())
    }

    /// A uniform `Float` in [0, 1).
    @inline(__always)
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform `Double` in [0, 1).
    @inline(__always)
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `0..<upperBound` without modulo bias (Lemire's method). `upperBound` must be positive.
    @inline(__always)
    public mutating func nextInt(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "nextInt(below:) needs a positive bound, got \(upperBound)")
        let bound = UInt64(upperBound)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// A standard normal deviate (Box–Muller in `Double`).
    public mutating func nextNormal() -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        var u1 = nextDouble()
        while u1 <= 0 { u1 = nextDouble() }
        let u2 = nextDouble()
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        cachedNormal = radius * Foundation.sin(angle)
        return radius * Foundation.cos(angle)
    }

    /// A uniformly random permutation of `0..<count` (Fisher–Yates, reproducible for a seed).
    public mutating func permutation(_ count: Int) -> [Int] {
        var result = Array(0..<count)
        shuffle(&result)
        return result
    }

    /// Shuffles `array` in place with Fisher–Yates (reproducible for a seed).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }
}
