import DisentanglePlots
import Foundation
import Testing

/// Deterministic pseudo-random bytes (a 64-bit LCG) for test images.
func testBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 56)
    }
}

/// An image with smooth gradients plus noise, so every row filter has something to win.
func testImage(width: Int, height: Int, format: RasterImage.PixelFormat, seed: UInt64) throws -> RasterImage {
    let channels = format.channelCount
    let noise = testBytes(count: width * height * channels, seed: seed)
    var pixels = [UInt8](repeating: 0, count: width * height * channels)
    for y in 0..<height {
        for x in 0..<width {
            for c in 0..<channels {
                let i = (y * width + x) * channels + c
                let smooth = (x * 3 + y * 2 + c * 40) & 0xff
                pixels[i] = (y % 3 == 0) ? noise[i] : UInt8(smooth)
            }
        }
    }
    return try RasterImage(width: width, height: height, format: format, pixels: pixels)
}

@Suite("PNG encoder")
struct PNGEncoderTests {
    static let compressions: [PNGCompression] = [.stored, .deflate(level: 1), .standard, .deflate(level: 9)]

    @Test("round trip: decoding the encoder's output gives back the pixels", arguments: compressions)
    func roundTrip(compression: PNGCompression) throws {
        for (width, height) in [(1, 1), (3, 2), (17, 5), (64, 40)] {
            for format in [RasterImage.PixelFormat.grayscale, .rgb] {
                let image = try testImage(width: width, height: height, format: format, seed: UInt64(width * 31 + height))
                let decoded = try DecodedPNG(PNGEncoder.encode(image, compression: compression))
                #expect(decoded.width == width && decoded.height == height)
                #expect(decoded.colorType == (format == .grayscale ? 0 : 2))
                #expect(decoded.pixels == image.pixels)
            }
        }
    }

    @Test("chunk layout: IHDR, consecutive IDATs, IEND, valid CRCs")
    func chunkLayout() throws {
        let image = try testImage(width: 300, height: 300, format: .rgb, seed: 7)
        let decoded = try DecodedPNG(PNGEncoder.encode(image, compression: .stored))
        let types = decoded.chunks.map(\.type)
        #expect(types.first == "IHDR" && types.last == "IEND")
        #expect(types.dropFirst().dropLast().allSatisfy { $0 == "IDAT" })
        #expect(types.count > 3, "a 270 kB stored stream is split into several IDAT chunks")
        #expect(decoded.filterTypes.allSatisfy { $0 == 0 }, "stored mode does not filter")
        #expect(decoded.pixels == image.pixels)
    }

    @Test("deflate mode uses several row filters and compresses smooth images")
    func adaptiveFilters() throws {
        let image = try testImage(width: 120, height: 90, format: .rgb, seed: 3)
        let deflated = try PNGEncoder.encode(image, compression: .standard)
        let decoded = try DecodedPNG(deflated)
        #expect(Set(decoded.filterTypes).count >= 2)
        let stored = try PNGEncoder.encode(image, compression: .stored)
        #expect(deflated.count < stored.count)
    }

    @Test("stored stream of more than 65,535 bytes spans several deflate blocks")
    func largeStored() throws {
        let image = try testImage(width: 400, height: 200, format: .grayscale, seed: 11)
        let decoded = try DecodedPNG(PNGEncoder.encode(image, compression: .stored))
        #expect(decoded.pixels == image.pixels)
    }

    @Test("invalid deflate levels throw")
    func invalidLevel() throws {
        let image = try RasterImage(width: 2, height: 2, format: .grayscale, fill: .white)
        #expect(throws: PlotError.self) { try PNGEncoder.encode(image, compression: .deflate(level: 0)) }
        #expect(throws: PlotError.self) { try PNGEncoder.encode(image, compression: .deflate(level: 10)) }
    }

    @Test("pngcheck accepts the files, when pngcheck is installed",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/pngcheck")))
    func pngcheck() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plots-pngcheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths = [String]()
        for (index, compression) in PNGEncoderTests.compressions.enumerated() {
            for format in [RasterImage.PixelFormat.grayscale, .rgb] {
                let url = directory.appendingPathComponent("image-\(index)-\(format).png")
                try testImage(width: 300, height: 250, format: format, seed: UInt64(index)).writePNG(to: url, compression: compression)
                paths.append(url.path)
            }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pngcheck")
        process.arguments = paths
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(!output.contains("ERROR"), "\(output)")
    }
}
