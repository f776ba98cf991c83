/// A dataset that turns a single-channel base dataset into three colour planes: what ``RandomlyColored`` and
/// ``NoisyBackground`` share.
///
/// The extension supplies the single-channel check and the rendering of the base image into the last (blue)
/// plane, from which the conforming type then fills all three planes. The public properties stay declared on
/// the conforming types, so that each documents them.
protocol SingleChannelRecoloring: GroundTruthDataset {
    /// The single-channel dataset being recoloured.
    associatedtype Base: GroundTruthDataset
    /// The wrapped single-channel dataset.
    var base: Base { get }
}

extension SingleChannelRecoloring {
    /// Checks that the base observations have exactly one channel.
    ///
    /// - Throws: ``DatasetError`` naming this dataset if they do not.
    func requireSingleChannelBase() throws {
        guard base.observationShape.count == 3 && base.observationShape[0] == 1 else {
            throw DatasetError("\(name): needs single-channel observations, got shape \(base.observationShape)")
        }
    }

    /// Renders the base image into the last (blue) of `output`'s three planes and returns the size of one plane.
    ///
    /// - Throws: what the base dataset's rendering throws (a stored image that cannot be read).
    func renderBaseIntoBluePlane(
        classes: UnsafeBufferPointer<Int>, nuisanceSeed: UInt64, into output: UnsafeMutableBufferPointer<Float>
    ) throws -> Int {
        let plane = output.count / 3
        try base.render(
            classes: classes, nuisanceSeed: nuisanceSeed,
            into: UnsafeMutableBufferPointer(rebasing: output[(2 * plane)...]))
        return plane
    }
}
