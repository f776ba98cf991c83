/// A tiny SplitMix64 stream for per-observation nuisance variation (colours, noise).
///
/// It lives on the stack (no allocation per observation, unlike ``RandomGenerator``'s array state), which keeps
/// rendering millions of observations cheap. Seeds come from ``nuisanceSeed(base:index:)``.
struct NuisanceRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits (Steele, Lea and Flood's SplitMix64).
    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform `Float` in [0, 1) with 24 random bits.
    @inline(__always)
    mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Two uniform `Float`s in [0, 1) from one 64-bit draw: its top 24 bits, then the next 24.
    @inline(__always)
    mutating func nextFloatPair() -> (Float, Float) {
        let bits = next()
        return (Float(bits >> 40) * 0x1p-24, Float((bits >> 16) & 0xFF_FFFF) * 0x1p-24)
    }
}

/// The nuisance seed of observation `index` of a batch whose base seed is `base`: one SplitMix64 step from
/// `base + index * golden ratio`, so neighbouring observations get unrelated streams.
@inline(__always)
func nuisanceSeed(base: UInt64, index: Int) -> UInt64 {
    var stream = NuisanceRandom(seed: base &+ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
    return stream.next()
}
