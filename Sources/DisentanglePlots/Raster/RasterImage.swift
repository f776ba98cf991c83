/// An 8-bit raster image, grayscale or RGB, stored row-major with interleaved channels.
///
/// Images come from tensors (``init(tensor:values:)``), are assembled into grids (``ImageGrid``,
/// ``TraversalStrip``), and are written as PNG (``pngData(compression:)``, ``writePNG(to:compression:)``) or
/// embedded in an ``HTMLReport``.
public struct RasterImage: Equatable, Sendable {
    /// How many channels each pixel has and what they mean.
    public enum PixelFormat: Equatable, Sendable {
        /// One luminance channel.
        case grayscale
        /// Three channels: red, green, blue.
        case rgb

        /// The number of bytes per pixel.
        public var channelCount: Int {
            switch self {
            case .grayscale: return 1
            case .rgb: return 3
            }
        }
    }

    /// The width in pixels.
    public let width: Int
    /// The height in pixels.
    public let height: Int
    /// The pixel format.
    public let format: PixelFormat
    /// The samples, row by row, `format.channelCount` bytes per pixel (`height * width * channelCount` in all).
    public private(set) var pixels: [UInt8]

    /// Creates an image from raw samples, throwing ``PlotError`` if the size is invalid (see
    /// ``maximumDimension`` and ``maximumPixelCount``) or the sample count is not
    /// `width * height * format.channelCount`.
    public init(width: Int, height: Int, format: PixelFormat, pixels: [UInt8]) throws {
        try RasterImage.validateSize(width: width, height: height)
        let expected = width * height * format.channelCount
        guard pixels.count == expected else {
            throw PlotError(
                "RasterImage: a \(width)x\(height) \(format) image needs \(expected) samples, got \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    /// Creates an image filled with one colour. A grayscale image stores the colour's green component when
    /// the colour is not gray. Throws ``PlotError`` if the size is invalid (see ``maximumDimension`` and
    /// ``maximumPixelCount``).
    public init(width: Int, height: Int, format: PixelFormat, fill: RGBColor) throws {
        try RasterImage.validateSize(width: width, height: height)
        self.width = width
        self.height = height
        self.format = format
        switch format {
        case .grayscale:
            pixels = [UInt8](repeating: fill.green, count: width * height)
        case .rgb:
            var samples = [UInt8]()
            samples.reserveCapacity(width * height * 3)
            for _ in 0..<(width * height) {
                samples.append(fill.red)
                samples.append(fill.green)
                samples.append(fill.blue)
            }
            pixels = samples
        }
    }

    /// The colour of the pixel at column `x`, row `y` (row 0 at the top). Reading or writing outside the image
    /// traps; writing a non-gray colour into a grayscale image stores its green component.
    public subscript(x: Int, y: Int) -> RGBColor {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) is outside \(width)x\(height)")
            let offset = (y * width + x) * format.channelCount
            switch format {
            case .grayscale: return RGBColor(gray: pixels[offset])
            case .rgb: return RGBColor(red: pixels[offset], green: pixels[offset + 1], blue: pixels[offset + 2])
            }
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) is outside \(width)x\(height)")
            let offset = (y * width + x) * format.channelCount
            switch format {
            case .grayscale:
                pixels[offset] = newValue.green
            case .rgb:
                pixels[offset] = newValue.red
                pixels[offset + 1] = newValue.green
                pixels[offset + 2] = newValue.blue
            }
        }
    }

    /// This image in another pixel format: gray pixels are replicated into RGB, RGB pixels are reduced to
    /// luma (ITU-R BT.601 weights).
    public func converted(to target: PixelFormat) -> RasterImage {
        guard target != format else { return self }
        var samples = [UInt8]()
        samples.reserveCapacity(width * height * target.channelCount)
        switch target {
        case .rgb:
            for value in pixels {
                samples.append(value)
                samples.append(value)
                samples.append(value)
            }
        case .grayscale:
            for offset in stride(from: 0, to: pixels.count, by: 3) {
                let luma = 0.299 * Double(pixels[offset]) + 0.587 * Double(pixels[offset + 1])
                    + 0.114 * Double(pixels[offset + 2])
                samples.append(UInt8(min(255, luma.rounded())))
            }
        }
        return RasterImage(unchecked: width, height, target, samples)
    }

    /// The largest width or height an image may have.
    public static let maximumDimension = 32_768

    /// The largest number of pixels an image may have (about 190 MB as RGB).
    public static let maximumPixelCount = 64_000_000

    /// Throws ``PlotError`` unless both sizes are in `1...maximumDimension` and their product is at most
    /// ``maximumPixelCount``; `context` names the caller in the message.
    static func validateSize(width: Int, height: Int, context: String = "RasterImage") throws {
        guard (1...maximumDimension).contains(width), (1...maximumDimension).contains(height) else {
            throw PlotError("\(context): width and height must be in 1...\(maximumDimension), got \(width)x\(height)")
        }
        guard width * height <= maximumPixelCount else {
            throw PlotError("\(context): a \(width)x\(height) image exceeds the limit of \(maximumPixelCount) pixels")
        }
    }

    /// Creates an image without validation, for callers that computed consistent sizes.
    init(unchecked width: Int, _ height: Int, _ format: PixelFormat, _ pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    /// Gives direct mutable access to the samples, for drawing routines in this module.
    mutating func withMutableSamples<R>(_ body: (inout [UInt8]) -> R) -> R {
        body(&pixels)
    }
}
