import DisentangleDatasets
import DisentangleTensor
import Testing

@Suite("Sampling, batching and held-out splits")
struct SamplingTests {
    @Test("the same seed gives bit-identical batches; another seed does not", arguments: DatasetCatalog.names)
    func determinism(name: String) throws {
        let dataset = try DatasetCatalog.dataset(named: name)
        var a = try BatchSampler(dataset: dataset, batchSize: 24, order: .uniform, generator: RandomGenerator(seed: 42))
        var b = try BatchSampler(dataset: dataset, batchSize: 24, order: .uniform, generator: RandomGenerator(seed: 42))
        var c = try BatchSampler(dataset: dataset, batchSize: 24, order: .uniform, generator: RandomGenerator(seed: 43))
        for _ in 0..<2 {
            let x = try a.next(), y = try b.next(), z = try c.next()
            #expect(x.observations.scalars == y.observations.scalars)
            #expect(x.factors == y.factors && x.indices == y.indices)
            #expect(x.indices != z.indices)
            #expect(x.observations.shape == [24] + dataset.observationShape)
            #expect(try dataset.indices(of: x.factors) == x.indices)
        }
    }

    @Test("skipping batches continues the stream exactly where rendering them would", arguments: BatchSampler.Order.allCases)
    func skip(order: BatchSampler.Order) throws {
        let dataset = try RandomlyColored(Circles())
        var rendered = try BatchSampler(dataset: dataset, batchSize: 100, order: order, generator: RandomGenerator(seed: 8))
        var skipped = rendered
        for _ in 0..<20 { _ = try rendered.next() }
        skipped.skip(20)
        #expect(skipped.epoch == rendered.epoch)
        let a = try rendered.next(), b = try skipped.next()
        #expect(a.indices == b.indices && a.observations.scalars == b.observations.scalars)
    }

    @Test("rendering does not depend on the thread count")
    func threadIndependence() throws {
        let dataset = try RandomlyColored(DSprites())
        // Task-local counts: setting the process-wide count would change it under the tests running in parallel.
        var g1 = RandomGenerator(seed: 9)
        let one = try Threading.withThreadCount(1) { try dataset.sample(count: 100, using: &g1) }
        var g2 = RandomGenerator(seed: 9)
        let two = try Threading.withThreadCount(2) { try dataset.sample(count: 100, using: &g2) }
        #expect(one.observations.scalars == two.observations.scalars && one.factors == two.factors)
    }

    @Test("uniform sampling covers every class of every factor evenly")
    func uniformSampling() {
        let d = DSprites()
        var generator = RandomGenerator(seed: 1)
        let factors = d.sampleFactors(count: 60_000, using: &generator)
        for (k, size) in d.factorSizes.enumerated() {
            var counts = [Int](repeating: 0, count: size)
            for value in factors.column(k) { counts[value] += 1 }
            let expected = 60_000.0 / Double(size)
            #expect(counts.allSatisfy { abs(Double($0) - expected) < 6 * expected.squareRoot() }, "factor \(k): \(counts)")
        }
    }

    @Test("shuffled order visits every grid point once per epoch, batches spanning epoch boundaries")
    func shuffledEpochs() throws {
        let circles = Circles()
        var sampler = try BatchSampler(dataset: circles, batchSize: 96, generator: RandomGenerator(seed: 5))
        var firstEpoch: [Int] = []
        while firstEpoch.count < 1600 { firstEpoch += try sampler.next().indices }
        #expect(sampler.epoch == 1)  // the 17th batch spans the boundary
        #expect(Set(firstEpoch.prefix(1600)).count == 1600)
        var secondEpoch = Array(firstEpoch.dropFirst(1600))
        while secondEpoch.count < 1600 { secondEpoch += try sampler.next().indices }
        #expect(Set(secondEpoch.prefix(1600)).count == 1600)
        #expect(Array(firstEpoch.prefix(1600)) != Array(secondEpoch.prefix(1600)))
    }

    @Test("held-out regions split the grid, and samplers on the train part never see the test part")
    func heldOut() throws {
        let circles = Circles()
        let region = try HeldOutRegion.box(["x": 0...19, "y": 0...9], in: circles)
        #expect(region.description == "x in 0...19 and y in 0...9")
        let split = circles.split(holdingOut: region)
        #expect(split.test.count == 200 && split.train.count == 1400)
        #expect(Set(split.train).isDisjoint(with: split.test) && Set(split.train + split.test).count == 1600)
        for order in BatchSampler.Order.allCases {
            var sampler = try BatchSampler(
                dataset: circles, batchSize: 128, order: order, indices: split.train, generator: RandomGenerator(seed: 2))
            for _ in 0..<12 {
                let batch = try sampler.next()
                for row in 0..<batch.count { #expect(!region.contains(batch.factors.row(row))) }
            }
        }
        let custom = HeldOutRegion("x equals y") { $0[0] == $0[1] }
        #expect(circles.split(holdingOut: custom).test.count == 40)
        #expect(datasetError { _ = try HeldOutRegion.box(["z": 0...1], in: circles) }?.contains("no factor named 'z'") == true)
        #expect(datasetError { _ = try HeldOutRegion.box(["x": 0...40], in: circles) }?.contains("outside 0..<40") == true)
    }

    @Test("samplers reject invalid configurations")
    func samplerErrors() {
        let circles = Circles()
        #expect(datasetError { _ = try BatchSampler(dataset: circles, batchSize: 0, generator: RandomGenerator(seed: 0)) }?.contains("batch size") == true)
        #expect(datasetError { _ = try BatchSampler(dataset: circles, batchSize: 1, indices: [], generator: RandomGenerator(seed: 0)) }?.contains("empty") == true)
        #expect(datasetError { _ = try BatchSampler(dataset: circles, batchSize: 1, indices: [1600], generator: RandomGenerator(seed: 0)) }?.contains("grid index 1600") == true)
    }
}
