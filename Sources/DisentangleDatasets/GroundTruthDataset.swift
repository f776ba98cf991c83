import DisentangleTensor

/// A dataset whose observations are generated from known, discrete factors of variation.
///
/// The factors span a full grid: every combination of classes (one per factor) is a valid observation, numbered
/// by a grid index in mixed radix with the **last factor varying fastest** (the order of the dSprites archive).
/// Conformers describe the factors and the observation shape and render one observation at a time;
/// everything else (batched rendering in parallel, index <-> class mapping, uniform sampling, held-out splits,
/// batching) comes from extensions and works for any conformer.
///
/// Some datasets add *nuisance* variation that is not a factor (the random colour of color-dSprites, the noise
/// background of noisy-dSprites). It is driven by a per-observation seed that the batch functions derive from an
/// explicit `RandomGenerator`, so results are reproducible for a seed and independent of the thread count.
public protocol GroundTruthDataset: Sendable {
    /// The dataset's name in ``DatasetCatalog`` and on the command line, e.g. `"dsprites"`.
    var name: String { get }
    /// The generative factors, in grid order.
    var factors: [Factor] { get }
    /// The shape of one observation: `[channels, height, width]`.
    var observationShape: [Int] { get }
    /// Whether observations vary with the nuisance seed (`false` means they are a pure function of the classes).
    var hasNuisanceVariation: Bool { get }

    /// Writes the observation for one tuple of classes into `output`, channel planes first (CHW).
    ///
    /// Procedural datasets never fail; a dataset read from files throws if the image cannot be read (its file was
    /// truncated or changed after it was opened), and every batch function passes that error on.
    ///
    /// - Parameters:
    ///   - classes: one class index per factor, already checked to be in range.
    ///   - nuisanceSeed: the seed of this observation's nuisance variation; ignored when
    ///     ``hasNuisanceVariation`` is `false`.
    ///   - output: exactly `observationShape.reduce(1, *)` scalars, all of which must be written.
    /// - Throws: ``DatasetError`` naming the file and the problem if a stored observation cannot be read.
    func render(classes: UnsafeBufferPointer<Int>, nuisanceSeed: UInt64, into output: UnsafeMutableBufferPointer<Float>) throws
}
