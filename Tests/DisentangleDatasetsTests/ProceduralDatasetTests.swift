import DisentangleDatasets
import DisentangleTensor
import Foundation
import Testing

@Suite("Procedural datasets: pixel-level sanity")
struct ProceduralDatasetTests {
    @Test("circles: every disc is binary, inside the image, centred on its factors, with area close to pi r^2",
          arguments: [64, 32])
    func circles(size: Int) throws {
        let circles = try Circles(imageSize: size)
        let r = 5.0 * Double(size) / 64
        #expect(circles.radius == r && circles.gridCount == 1600)
        let images = Images(try circles.observations(for: circles.factorClasses(at: Array(0..<1600))))
        #expect(images.scalars.allSatisfy { $0 == 0 || $0 == 1 })
        var bias = (x: 0.0, y: 0.0)
        for index in 0..<1600 {
            let classes = try circles.classes(at: index)
            let stats = PlaneStatistics(images.plane(index), width: size)
            let cx = r + Double(classes[0]) / 39 * (Double(size) - 2 * r)
            let cy = r + Double(classes[1]) / 39 * (Double(size) - 2 * r)
            // Digitisation moves a small disc's centroid by up to 0.26 pixels; a half-pixel bug would exceed 0.3.
            #expect(abs(stats.centroidX - cx) < 0.3 && abs(stats.centroidY - cy) < 0.3, "disc \(classes)")
            bias.x += (stats.centroidX - cx) / 1600
            bias.y += (stats.centroidY - cy) / 1600
            #expect(abs(Double(stats.area) - .pi * r * r) <= 0.2 * .pi * r * r, "disc \(classes) area \(stats.area)")
        }
        #expect(abs(bias.x) < 0.02 && abs(bias.y) < 0.02, "systematic offset \(bias)")
        // Extreme positions reach the border but stay inside: the disc is complete, so its area matches a central disc.
        let corner = PlaneStatistics(images.plane(0), width: size)
        #expect(corner.touchesBorder)
        #expect(corner.area == PlaneStatistics(images.plane(1600 - 1), width: size).area)
    }

    @Test("dSprites: squares keep their area at every rotation, and sprites sit where their factors say")
    func dspritesSquares() throws {
        let d = DSprites()
        for scale in [0, 5] {
            let s = d.factors[1].values[scale]
            let rows = (0..<40).map { [0, scale, $0, 7, 20] }
            let images = Images(try d.observations(for: FactorClasses(rows: rows)))
            #expect(images.scalars.allSatisfy { $0 == 0 || $0 == 1 })
            let expected = (16 * s) * (16 * s)
            for orientation in 0..<40 {
                let stats = PlaneStatistics(images.plane(orientation), width: 64)
                #expect(abs(Double(stats.area) - expected) <= 0.08 * expected, "scale \(s) orientation \(orientation): \(stats.area) vs \(expected)")
                #expect(abs(stats.centroidX - (12 + 40 * 7 / 31.0)) < 0.35 && abs(stats.centroidY - (12 + 40 * 20 / 31.0)) < 0.35)
                #expect(!stats.touchesBorder)
            }
        }
    }

    @Test("dSprites: ellipses point along their orientation (counter-clockwise) and hearts have the documented area")
    func dspritesEllipsesAndHearts() throws {
        let d = DSprites()
        let rows = (0..<40).map { [1, 5, $0, 15, 15] } + [[2, 5, 0, 15, 15], [2, 0, 13, 15, 15]]
        let images = Images(try d.observations(for: FactorClasses(rows: rows)))
        for orientation in 0..<40 {
            let stats = PlaneStatistics(images.plane(orientation), width: 64)
            let angle = (2 * Double.pi * Double(orientation) / 40).truncatingRemainder(dividingBy: .pi)
            var difference = abs(stats.principalAngle - angle)
            difference = min(difference, .pi - difference)
            #expect(difference < 0.06, "orientation \(orientation): axis \(stats.principalAngle) vs \(angle)")
            #expect(abs(Double(stats.area) - 3.0788 * 64) < 0.06 * 3.0788 * 64)
        }
        let bigHeart = PlaneStatistics(images.plane(40), width: 64)
        let smallHeart = PlaneStatistics(images.plane(41), width: 64)
        #expect(abs(Double(bigHeart.area) - 4.594 * 64) < 0.05 * 4.594 * 64)
        #expect(abs(Double(smallHeart.area) - 4.594 * 16) < 0.1 * 4.594 * 16)
        // Upright heart: more mass above the rotation centre than below (lobes up, tip down).
        #expect(bigHeart.centroidY < 12 + 40 * 15 / 31.0)
    }

    @Test("colored sprites: the hue colours the dSprites mask at orientation 0")
    func coloredSprites() throws {
        let colored = ColoredSprites()
        #expect(colored.factorSizes == [3, 6, 6, 32, 32] && colored.observationShape == [3, 64, 64])
        let dsprites = DSprites()
        let expectedColors: [[Float]] = [[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 1, 1], [0, 0, 1], [1, 0, 1]]
        for hue in 0..<6 {
            let image = Images(try colored.observations(for: FactorClasses(rows: [[2, 3, hue, 4, 29]])))
            let mask = Images(try dsprites.observations(for: FactorClasses(rows: [[2, 3, 0, 4, 29]])))
            for channel in 0..<3 {
                let expected = mask.plane(0).map { $0 * expectedColors[hue][channel] }
                #expect(Array(image.plane(0, channel: channel)) == expected, "hue \(hue) channel \(channel)")
            }
        }
    }

    @Test("color-dSprites scales the mask by one colour in [0.5, 1); noisy-dSprites keeps sprites white over noise")
    func variants() throws {
        let color = try RandomlyColored(DSprites())
        let noisy = try NoisyBackground(DSprites())
        #expect(color.name == "color-dsprites" && noisy.name == "noisy-dsprites")
        #expect(color.factorSizes == DSprites().factorSizes && color.observationShape == [3, 64, 64])
        var generator = RandomGenerator(seed: 3)
        let factors = DSprites().sampleFactors(count: 8, using: &generator)
        let masks = Images(try DSprites().observations(for: factors))
        let colored = Images(try color.observations(for: factors, using: &generator))
        let noised = Images(try noisy.observations(for: factors, using: &generator))
        var colors = Set<[Float]>()
        for i in 0..<8 {
            let mask = masks.plane(i)
            var rgb: [Float] = []
            for channel in 0..<3 {
                let values = Array(colored.plane(i, channel: channel))
                let on = zip(mask, values).filter { $0.0 == 1 }.map(\.1)
                #expect(Set(on).count == 1 && on[0] >= 0.5 && on[0] < 1)
                #expect(zip(mask, values).allSatisfy { $0.0 == 1 || $0.1 == 0 })
                rgb.append(on[0])
                let noise = Array(noised.plane(i, channel: channel))
                #expect(zip(mask, noise).allSatisfy { $0.0 == 1 ? $0.1 == 1 : ($0.1 >= 0 && $0.1 < 1) })
                let background = zip(mask, noise).filter { $0.0 == 0 }.map { Double($0.1) }
                #expect(abs(background.reduce(0, +) / Double(background.count) - 0.5) < 0.02)
            }
            colors.insert(rgb)
        }
        #expect(colors.count == 8)
        #expect(datasetError { _ = try RandomlyColored(ColoredSprites()) }?.contains("needs single-channel") == true)
    }

    @Test("the catalog knows every documented name")
    func catalog() throws {
        for name in DatasetCatalog.names {
            #expect(try DatasetCatalog.dataset(named: name).name == name)
        }
        #expect(datasetError { _ = try DatasetCatalog.dataset(named: "mnist") }?.contains("known datasets: circles") == true)
        #expect(datasetError { _ = try Circles(imageSize: 4) } != nil)
        #expect(datasetError { _ = try Circles(imageSize: 32, radius: 16) } != nil)
        #expect(datasetError { _ = try ColoredSprites(hueCount: 0) } != nil)
    }
}
