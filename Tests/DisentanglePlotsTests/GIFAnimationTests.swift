import DisentanglePlots
import DisentangleTensor
import Foundation
import Testing

@Suite("GIF animation")
struct GIFAnimationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The test decoder reads a GIF written by Pillow (Scripts/plots/make_gif_fixture.py) pixel for pixel.
    @Test func testDecoderReadsPillowsGIF() throws {
        let gif = try DecodedGIF(Data(contentsOf: Self.fixtures.appendingPathComponent("pillow.gif")))
        let expected = try NumPyArray(contentsOf: Self.fixtures.appendingPathComponent("pillow_frames.npy"))
        #expect(expected.shape == [3, 60, 70, 3])
        #expect(gif.width == 70 && gif.height == 60 && gif.frames.count == 3 && gif.loopCount == 0)
        #expect(gif.frames.allSatisfy { $0.delay == 7 })
        let pixels = try expected.integers().map(UInt8.init)
        for (index, frame) in gif.frames.enumerated() {
            #expect(frame.rgb == Array(pixels[(index * 60 * 70 * 3)..<((index + 1) * 60 * 70 * 3)]), "frame \(index)")
        }
    }

    /// Random RGB frames with at most 256 colours in total come back exactly, through table restarts and every
    /// code width.
    @Test(arguments: [(97, 61, 256), (5, 3, 2), (40, 40, 17)])
    func fewColoursRoundTripExactly(width: Int, height: Int, colourCount: Int) throws {
        var generator = RandomGenerator(seed: UInt64(width))
        let colours = (0..<colourCount).map { i in RGBColor(red: UInt8(i), green: UInt8(generator.nextInt(below: 256)), blue: 9) }
        let frames = try (0..<4).map { _ in
            var pixels: [UInt8] = []
            for _ in 0..<(width * height) {
                let c = colours[generator.nextInt(below: colourCount)]
                pixels += [c.red, c.green, c.blue]
            }
            return try RasterImage(width: width, height: height, format: .rgb, pixels: pixels)
        }
        let animation = try GIFAnimation(frames: frames, frameDelay: 12, loopCount: 3)
        let decoded = try DecodedGIF(animation.gifData())
        #expect(decoded.width == width && decoded.height == height && decoded.loopCount == 3)
        #expect(decoded.frames.count == 4 && decoded.frames.allSatisfy { $0.delay == 12 })
        for (frame, original) in zip(decoded.frames, frames) {
            #expect(frame.rgb == original.pixels)
        }
    }

    /// A grayscale animation (any number of grays up to 256) is stored exactly, including a long flat run.
    @Test func grayscaleIsExact() throws {
        let gradient = try RasterImage(width: 256, height: 20, format: .grayscale, pixels: (0..<(256 * 20)).map { UInt8($0 % 256) })
        let flat = try RasterImage(width: 256, height: 20, format: .grayscale, fill: RGBColor(gray: 200))
        let decoded = try DecodedGIF(try GIFAnimation(frames: [gradient, flat]).gifData())
        #expect(decoded.frames.count == 2)
        #expect(decoded.frames[0].rgb == gradient.converted(to: .rgb).pixels)
        #expect(decoded.frames[1].rgb == flat.converted(to: .rgb).pixels)
    }

    /// More than 256 colours: each channel moves to the nearest level of the 6 x 7 x 6 cube.
    @Test func manyColoursTakeTheNearestCubeColour() throws {
        var pixels: [UInt8] = []
        for i in 0..<(32 * 32) { pixels += [UInt8(i % 256), UInt8((i * 7) % 256), UInt8((i / 4) % 256)] }
        let image = try RasterImage(width: 32, height: 32, format: .rgb, pixels: pixels)
        let decoded = try DecodedGIF(try GIFAnimation(frames: [image]).gifData())
        let levels = [6, 7, 6]
        for (index, value) in decoded.frames[0].rgb.enumerated() {
            let n = Double(levels[index % 3] - 1)
            let expected = UInt8((Double(pixels[index]) * n / 255).rounded() * 255 / n + 0.5)
            #expect(abs(Int(value) - Int(expected)) <= 1, "sample \(index): \(value) vs \(expected)")
            #expect(abs(Int(value) - Int(pixels[index])) <= 26)
        }
    }

    @Test func badAnimationsAreRejected() throws {
        let a = try RasterImage(width: 2, height: 2, format: .grayscale, fill: .black)
        let b = try RasterImage(width: 3, height: 2, format: .grayscale, fill: .black)
        #expect(throws: PlotError.self) { try GIFAnimation(frames: []) }
        #expect { try GIFAnimation(frames: [a, b]) } throws: { "\($0)".contains("frame 1 is 3x2 but frame 0 is 2x2") }
        #expect(throws: PlotError.self) { try GIFAnimation(frames: [a], frameDelay: -1) }
    }
}
