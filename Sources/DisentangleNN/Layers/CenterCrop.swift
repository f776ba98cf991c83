import DisentangleTensor

/// Crops the centre `height × width` of a batch of images `[n, c, h, w]` (rows and columns removed from the top and
/// left get the smaller half when the excess is odd). No parameters; the gradient flows to the kept pixels.
///
/// Decoders whose upsampling overshoots an image size that is not a power of two (MNIST's 28×28 from 32×32) end
/// with it.
public final class CenterCrop: Layer {
    /// The output height.
    public let height: Int
    /// The output width.
    public let width: Int

    /// Creates the layer; both sizes must be positive.
    public init(height: Int, width: Int) {
        precondition(height > 0 && width > 0, "CenterCrop needs positive sizes, got \(height) x \(width)")
        self.height = height
        self.width = width
    }

    /// The centre of `input`, `[n, c, height, width]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(
            input.rank == 4 && input.shape[2] >= height && input.shape[3] >= width,
            "CenterCrop to \(height) x \(width) needs [n, c, h >= \(height), w >= \(width)], got \(input.shape)")
        return input.narrowed(alongAxis: 2, start: (input.shape[2] - height) / 2, length: height)
            .narrowed(alongAxis: 3, start: (input.shape[3] - width) / 2, length: width)
    }
}
