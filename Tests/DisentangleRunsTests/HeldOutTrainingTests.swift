import DisentangleDatasets
import DisentangleModels
import DisentangleRuns
import DisentangleTensor
import Testing

/// A 4 x 5 grid whose 2 x 1 "images" are the two class indices, so that a batch shows which tuples it drew.
private struct ClassImages: GroundTruthDataset {
    let name = "class-images"
    let factors = [Factor(name: "a", size: 4), Factor(name: "b", size: 5)]
    let observationShape = [1, 2, 1]
    let hasNuisanceVariation = false

    func render(classes: UnsafeBufferPointer<Int>, nuisanceSeed: UInt64, into output: UnsafeMutableBufferPointer<Float>) {
        output[0] = Float(classes[0])
        output[1] = Float(classes[1])
    }
}

/// Training data with a held-out region draws only tuples outside it, uniformly.
@Suite("Held-out training data")
struct HeldOutTrainingTests {
    @Test func batchesNeverComeFromTheRegion() throws {
        let dataset = ClassImages()
        let region = try HeldOutRegion.box(specification: "a=0...1,b=0...2", in: dataset)
        let data = try GroundTruthTrainingData(dataset, holdingOut: region)
        #expect(data.observationCount == 20 - 6)
        var generator = RandomGenerator(seed: 3)
        let batch = try data.batch(size: 2000, using: &generator)
        #expect(batch.shape == [2000, 1, 2, 1])
        var counts: [[Int]: Int] = [:]
        let values = batch.scalars
        for row in 0..<2000 { counts[[Int(values[2 * row]), Int(values[2 * row + 1])], default: 0] += 1 }
        #expect(counts.keys.allSatisfy { !($0[0] <= 1 && $0[1] <= 2) })
        #expect(counts.count == 14)
        // Uniform over the 14 tuples: 2000/14 ≈ 143 each; a binomial sd is ≈ 11.5, so 5 sd either side.
        #expect(counts.values.allSatisfy { (143 - 58...143 + 58).contains($0) }, "\(counts)")
        // Without a region, the whole grid.
        let whole = GroundTruthTrainingData(dataset)
        #expect(whole.observationCount == 20)
    }

    @Test func regionsAreParsedAndChecked() throws {
        let dataset = ClassImages()
        #expect(try dataset.split(holdingOut: HeldOutRegion.box(specification: "b=4", in: dataset)).test == [4, 9, 14, 19])
        #expect(throws: DatasetError.self) { try HeldOutRegion.box(specification: "a=0..1", in: dataset) }
        #expect(throws: DatasetError.self) { try HeldOutRegion.box(specification: "c=0...1", in: dataset) }
        #expect(throws: DatasetError.self) { try HeldOutRegion.box(specification: "a=0...1,a=2...3", in: dataset) }
        let everything = try HeldOutRegion.box(specification: "a=0...3", in: dataset)
        #expect(throws: DatasetError.self) { try GroundTruthTrainingData(dataset, holdingOut: everything) }
    }
}
