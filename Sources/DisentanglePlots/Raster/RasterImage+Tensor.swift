import DisentangleTensor

extension RasterImage {
    /// Creates an image from a tensor of shape `[H, W]` (grayscale), `[C, H, W]` or `[1, C, H, W]` with
    /// `C` = 1 (grayscale) or 3 (RGB), reading scalars as described by `values`.
    ///
    /// Intensities are clamped to `0...1` and rounded to 8 bits. Throws ``PlotError`` for any other shape, an
    /// empty image, or a NaN scalar (its index is named in the message).
    public init(tensor: Tensor, values: TensorImageValues = .unitInterval) throws {
        let shape = tensor.shape
        let dims: [Int]
        switch shape.count {
        case 2: dims = [1, shape[0], shape[1]]
        case 3: dims = shape
        case 4 where shape[0] == 1: dims = Array(shape.dropFirst())
        default:
            throw PlotError(
                "RasterImage(tensor:): expected shape [H, W], [C, H, W] or [1, C, H, W], got \(shape)")
        }
        self = try tensor.withUnsafeScalars { scalars in
            try RasterImage.fromPlanes(scalars, offset: 0, channels: dims[0], height: dims[1], width: dims[2],
                                       values: values, context: "RasterImage(tensor:)")
        }
    }

    /// Splits a batch tensor of shape `[N, C, H, W]` (`C` = 1 or 3) into `N` images, reading scalars as
    /// described by `values`. Throws ``PlotError`` for another shape, an empty batch or a NaN scalar.
    public static func images(fromBatch batch: Tensor, values: TensorImageValues = .unitInterval) throws -> [RasterImage] {
        let shape = batch.shape
        guard shape.count == 4 else {
            throw PlotError("RasterImage.images(fromBatch:): expected shape [N, C, H, W], got \(shape)")
        }
        guard shape[0] > 0 else {
            throw PlotError("RasterImage.images(fromBatch:): the batch is empty (shape \(shape))")
        }
        let (count, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        let plane = channels * height * width
        return try batch.withUnsafeScalars { scalars in
            try (0..<count).map { index in
                try RasterImage.fromPlanes(scalars, offset: index * plane, channels: channels, height: height,
                                           width: width, values: values,
                                           context: "RasterImage.images(fromBatch:) image \(index)")
            }
        }
    }

    /// Converts one CHW block of scalars starting at `offset` into an image.
    private static func fromPlanes(
        _ scalars: UnsafeBufferPointer<Float>, offset: Int, channels: Int, height: Int, width: Int,
        values: TensorImageValues, context: String
    ) throws -> RasterImage {
        guard channels == 1 || channels == 3 else {
            throw PlotError("\(context): images need 1 or 3 channels, got \(channels)")
        }
        guard height > 0, width > 0 else {
            throw PlotError("\(context): the image is empty (\(height)x\(width))")
        }
        try validateSize(width: width, height: height, context: context)
        let planeSize = height * width
        var samples = [UInt8](repeating: 0, count: planeSize * channels)
        for channel in 0..<channels {
            for pixel in 0..<planeSize {
                let index = offset + channel * planeSize + pixel
                let scalar = scalars[index]
                guard !scalar.isNaN else {
                    throw PlotError(
                        "\(context): scalar at channel \(channel), row \(pixel / width), column \(pixel % width) is NaN")
                }
                samples[pixel * channels + channel] = UInt8((values.intensity(scalar) * 255).rounded())
            }
        }
        return RasterImage(unchecked: width, height, channels == 1 ? .grayscale : .rgb, samples)
    }
}
