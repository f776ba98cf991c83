/// A single-channel dataset turned RGB over a uniform-noise background: disentanglement_lib's noisy-dSprites rule,
/// applicable to any single-channel dataset with values in [0, 1].
///
/// Rule: every pixel of every channel gets its own noise value `n`, uniform in [0, 1), and output channel `c` is
/// `min(base + n_c, 1)`. A white sprite therefore stays white and the background becomes colour noise. The noise
/// is nuisance variation, not a factor. Noise values are drawn from the observation's nuisance seed channel by
/// channel (red, green, blue), pixels in row-major order, two 24-bit values per 64-bit draw.
public struct NoisyBackground<Base: GroundTruthDataset>: SingleChannelRecoloring {
    /// The wrapped single-channel dataset.
    public let base: Base
    /// `"noisy-"` followed by the base dataset's name, e.g. `"noisy-dsprites"`.
    public var name: String { "noisy-" + base.name }
    /// The base dataset's factors.
    public var factors: [Factor] { base.factors }
    /// `[3, height, width]` of the base images.
    public var observationShape: [Int] { [3] + base.observationShape.dropFirst() }
    /// `true`: the background noise varies with the nuisance seed.
    public var hasNuisanceVariation: Bool { true }

    /// Wraps a single-channel dataset.
    ///
    /// - Throws: ``DatasetError`` if the base observations do not have exactly one channel.
    public init(_ base: Base) throws {
        self.base = base
        try requireSingleChannelBase()
    }

    /// Renders the base image into the last (blue) plane, then adds noise to it into the red, green and blue planes.
    ///
    /// - Throws: what the base dataset's rendering throws (a stored image that cannot be read).
    public func render(classes: UnsafeBufferPointer<Int>, nuisanceSeed: UInt64, into output: UnsafeMutableBufferPointer<Float>) throws {
        let plane = try renderBaseIntoBluePlane(classes: classes, nuisanceSeed: nuisanceSeed, into: output)
        // A stream distinct from any the base dataset derives from the same seed.
        var random = NuisanceRandom(seed: nuisanceSeed ^ 0x6E6F_6973_6500)
        let out = output.baseAddress!
        let image = out + 2 * plane
        for channel in 0..<3 {
            let target = out + channel * plane
            var i = 0
            while i + 1 < plane {
                let (first, second) = random.nextFloatPair()
                target[i] = min(image[i] + first, 1)
                target[i + 1] = min(image[i + 1] + second, 1)
                i += 2
            }
            if i < plane { target[i] = min(image[i] + random.nextFloat(), 1) }
        }
    }
}
