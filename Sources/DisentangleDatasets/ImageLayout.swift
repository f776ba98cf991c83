/// How a stored image array orders its axes.
public enum ImageLayout: String, Sendable, CaseIterable {
    /// `N x H x W`: one channel.
    case nhw
    /// `N x C x H x W`: channel planes first (PyTorch).
    case nchw
    /// `N x H x W x C`: channels last (NumPy images, TensorFlow, HDF5 datasets such as Shapes3D).
    case nhwc

    /// The layout of an array of `shape`, read from its rank and where a plausible channel axis (1 to 4 channels)
    /// lies: `N x H x W` is ``nhw``; `N x C x H x W` with `C <= 4 < W` is ``nchw``; `N x H x W x C` with
    /// `C <= 4 < H` is ``nhwc``.
    ///
    /// - Throws: ``DatasetError`` naming `source` when the rank is not 3 or 4 or the channel axis is ambiguous.
    public static func inferred(from shape: [Int], source: String) throws -> ImageLayout {
        switch shape.count {
        case 3: return .nhw
        case 4:
            let firstIsChannels = (1...4).contains(shape[1]) && shape[3] > 4
            let lastIsChannels = (1...4).contains(shape[3]) && shape[1] > 4
            if firstIsChannels { return .nchw }
            if lastIsChannels { return .nhwc }
            throw DatasetError(
                "\(source): cannot tell the channel axis of shape \(shape); give the layout (nchw or nhwc) explicitly")
        default:
            throw DatasetError("\(source): images have shape \(shape); expected N x H x W, N x C x H x W or N x H x W x C")
        }
    }

    /// The image count and the `[channels, height, width]` of one image of an array of `shape` in this layout.
    ///
    /// - Throws: ``DatasetError`` naming `source` if the rank does not fit the layout or a dimension is zero.
    public func observationShape(of shape: [Int], source: String) throws -> (count: Int, observation: [Int]) {
        let observation: [Int]
        switch (self, shape.count) {
        case (.nhw, 3): observation = [1, shape[1], shape[2]]
        case (.nchw, 4): observation = [shape[1], shape[2], shape[3]]
        case (.nhwc, 4): observation = [shape[3], shape[1], shape[2]]
        default:
            throw DatasetError(
                "\(source): images have shape \(shape), which does not fit the layout \(rawValue) "
                    + "(\(self == .nhw ? "3" : "4") dimensions expected)")
        }
        guard observation.allSatisfy({ $0 > 0 }) else {
            throw DatasetError("\(source): images have shape \(shape); every image dimension must be positive")
        }
        return (shape[0], observation)
    }
}
