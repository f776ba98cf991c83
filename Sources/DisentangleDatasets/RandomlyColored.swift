/// A single-channel dataset turned RGB with a random colour per observation: disentanglement_lib's
/// color-dSprites rule, applicable to any binary single-channel dataset.
///
/// Rule: for each observation, a colour `(r, g, b)` is drawn with every channel uniform in [0.5, 1) from the
/// observation's nuisance seed (red, then green, then blue); the output's channel `c` is the base image times the colour's channel `c`. The
/// colour is nuisance variation, not a factor, exactly as in disentanglement_lib (whose factors for
/// `color_dsprites` are those of `dsprites_full`).
public struct RandomlyColored<Base: GroundTruthDataset>: SingleChannelRecoloring {
    /// The wrapped single-channel dataset.
    public let base: Base
    /// `"color-"` followed by the base dataset's name, e.g. `"color-dsprites"`.
    public var name: String { "color-" + base.name }
    /// The base dataset's factors.
    public var factors: [Factor] { base.factors }
    /// `[3, height, width]` of the base images.
    public var observationShape: [Int] { [3] + base.observationShape.dropFirst() }
    /// `true`: the colour varies with the nuisance seed.
    public var hasNuisanceVariation: Bool { true }

    /// Wraps a single-channel dataset.
    ///
    /// - Throws: ``DatasetError`` if the base observations do not have exactly one channel.
    public init(_ base: Base) throws {
        self.base = base
        try requireSingleChannelBase()
    }

    /// Renders the base image into the last (blue) plane, then scales it by the random colour into all three planes.
    ///
    /// - Throws: what the base dataset's rendering throws (a stored image that cannot be read).
    public func render(classes: UnsafeBufferPointer<Int>, nuisanceSeed: UInt64, into output: UnsafeMutableBufferPointer<Float>) throws {
        let plane = try renderBaseIntoBluePlane(classes: classes, nuisanceSeed: nuisanceSeed, into: output)
        // A stream distinct from any the base dataset derives from the same seed.
        var random = NuisanceRandom(seed: nuisanceSeed ^ 0x636F_6C6F_7572)
        let red = 0.5 + 0.5 * random.nextFloat()
        let green = 0.5 + 0.5 * random.nextFloat()
        let blue = 0.5 + 0.5 * random.nextFloat()
        let out = output.baseAddress!
        let image = out + 2 * plane
        for i in 0..<plane {
            let value = image[i]
            out[i] = value * red
            out[plane + i] = value * green
            image[i] = value * blue
        }
    }
}
