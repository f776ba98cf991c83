import Foundation

/// An animated GIF: equally sized frames shown in a loop, such as a latent traversal cycling back and forth.
///
/// The encoder is the library's own (GIF89a with LZW, about 150 lines, like the PNG encoder): the format needed
/// here is narrow (one palette, full frames, a loop), and writing it in Swift keeps this target free of another
/// system library. Frames with at most 256 distinct colours in total (every grayscale animation) are stored
/// exactly; otherwise each pixel takes the nearest colour of a 6 × 7 × 6 RGB cube.
///
/// ```swift
/// let animation = try GIFAnimation(frames: frames, frameDelay: 10)  // 10 fps
/// try animation.write(to: URL(fileURLWithPath: "traversal.gif"))
/// ```
public struct GIFAnimation: Sendable {
    /// The frames, all of the same size.
    public let frames: [RasterImage]
    /// How long each frame shows, in hundredths of a second (GIF's unit).
    public var frameDelay: Int
    /// How many times the animation repeats; 0 loops forever.
    public var loopCount: Int

    /// An animation of `frames`. Throws ``PlotError`` if there are no frames, their sizes differ, or the delay or
    /// loop count does not fit GIF's 16-bit fields.
    public init(frames: [RasterImage], frameDelay: Int = 10, loopCount: Int = 0) throws {
        guard let first = frames.first else { throw PlotError("GIFAnimation: no frames given") }
        for (index, frame) in frames.enumerated() where frame.width != first.width || frame.height != first.height {
            throw PlotError(
                "GIFAnimation: frame \(index) is \(frame.width)x\(frame.height) but frame 0 is \(first.width)x\(first.height)")
        }
        guard first.width <= 65_535, first.height <= 65_535 else {
            throw PlotError("GIFAnimation: frames are \(first.width)x\(first.height); GIF allows at most 65535 per side")
        }
        guard (0...65_535).contains(frameDelay) else {
            throw PlotError("GIFAnimation: frameDelay must be in 0...65535 hundredths of a second, got \(frameDelay)")
        }
        guard (0...65_535).contains(loopCount) else {
            throw PlotError("GIFAnimation: loopCount must be in 0...65535, got \(loopCount)")
        }
        self.frames = frames
        self.frameDelay = frameDelay
        self.loopCount = loopCount
    }

    /// The GIF file's bytes.
    public func gifData() -> Data {
        let palette = GIFPalette(frames: frames)
        let width = frames[0].width, height = frames[0].height
        var bytes = [UInt8]("GIF89a".utf8)
        // Logical screen: a global colour table of 2^bits entries, 8 bits per primary.
        bytes += Self.uint16(width) + Self.uint16(height)
        bytes += [0x80 | 0x70 | UInt8(palette.bits - 1), 0, 0]
        for index in 0..<(1 << palette.bits) {
            let color = index < palette.colors.count ? palette.colors[index] : .black
            bytes += [color.red, color.green, color.blue]
        }
        // NETSCAPE2.0 application extension: the loop count.
        bytes += [0x21, 0xFF, 11] + Array("NETSCAPE2.0".utf8) + [3, 1] + Self.uint16(loopCount) + [0]
        for frame in frames {
            // Graphic control: no disposal, no transparency, the delay.
            bytes += [0x21, 0xF9, 4, 0] + Self.uint16(frameDelay) + [0, 0]
            // Image descriptor: the whole screen, no local table, not interlaced.
            bytes += [0x2C] + Self.uint16(0) + Self.uint16(0) + Self.uint16(width) + Self.uint16(height) + [0]
            let minimumCodeSize = max(2, palette.bits)
            bytes.append(UInt8(minimumCodeSize))
            let compressed = GIFLZW.compress(palette.indices(of: frame), minimumCodeSize: minimumCodeSize)
            var start = 0
            while start < compressed.count {
                let length = min(255, compressed.count - start)
                bytes.append(UInt8(length))
                bytes += compressed[start..<(start + length)]
                start += length
            }
            bytes.append(0)
        }
        bytes.append(0x3B)
        return Data(bytes)
    }

    /// Writes the GIF to `url` atomically. Throws ``PlotError`` if writing fails.
    public func write(to url: URL) throws {
        try writeAtomically(gifData(), to: url)
    }

    /// A little-endian 16-bit field.
    private static func uint16(_ value: Int) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)]
    }
}
