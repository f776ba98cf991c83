import DisentangleMetrics
import DisentangleTensor
import Foundation
import Testing

/// The registry, the suite's generic options and the report's JSON.
@Suite struct MetricRegistryTests {
    @Test func everyRegisteredMetricHasAUniqueNameAndEncodableDefaults() throws {
        let names = MetricRegistry.names
        #expect(Set(names).count == names.count)
        for name in ["mig", "dci", "mig_sup", "jemmig", "dcimig", "infomec", "beta_vae", "factor_vae", "z_max"] {
            #expect(names.contains(name), "\(name) is not registered")
        }
        let options = MetricSuiteOptions()
        for name in names { _ = try options.optionsJSON(forMetricNamed: name) }
        #expect(throws: MetricError.self) { try MetricRegistry.resolve(["mig", "migg"]) }
        #expect(try MetricRegistry.resolve(["MIG", "all"]) == names)
    }

    @Test func optionsAreSetByPathAndCheckedAgainstTheirType() throws {
        var options = MetricSuiteOptions()
        try options.set("mig.discretizer.binCount=7")
        try options.set("mig.normalization=code_entropy")
        let mig = try options.options(for: MIG.self)
        #expect(mig.discretizer.binCount == 7 && mig.normalization == .codeEntropy)
        #expect(throws: MetricError.self) { try options.set("mig.discretizer.bins=7") }
        #expect(throws: MetricError.self) { try options.set("mig.normalization=cubic") }
        #expect(throws: MetricError.self) { try options.set("nope.x=1") }
        let applied = try options.set("discretizer.binCount", to: "11", whereverPresentIn: ["mig", "dci", "jemmig", "z_max"])
        #expect(applied == ["mig", "jemmig"])
        #expect(try options.options(for: JEMMIG.self).discretizer.binCount == 11)
    }

    @Test func aNewMetricReachesTheSuiteTheJSONAndTheBootstrapThroughTheRegistry() throws {
        let rows = (0..<300).map { i in [i % 4, (i / 4) % 5] }
        let factors = try FactorMatrix(rows)
        var generator = RandomGenerator(seed: 3)
        let codes = try CodeMatrix(rows.map { r in [Double(r[0]) + 0.2 * generator.nextNormal(), Double(r[1]) + 0.2 * generator.nextNormal(), generator.nextNormal()] })
        var options = MetricSuiteOptions(bootstrap: Bootstrap.Options(replicates: 5, seed: 1))
        try options.set("jemmig.discretizer.binCount=10")
        let report = try MetricSuite.evaluate(codes: codes, factors: factors, metricNames: ["mig_sup", "jemmig", "dcimig"],
                                              options: options)
        #expect(Set(report.scalars.keys) == ["mig_sup.score", "jemmig.score", "dcimig.score"])
        #expect(Set(report.bootstrap?.keys ?? [:].keys) == Set(report.scalars.keys))
        let jemmig = try #require(try report.result(JEMMIG.self))
        #expect(jemmig.score == report.scalars["jemmig.score"])
        let direct = try JEMMIG.evaluate(codes: codes, factors: factors, options: JEMMIG.Options(discretizer: HistogramDiscretizer(binCount: 10)))
        #expect(direct == jemmig)
        let json = try report.jsonString()
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(Set(object.keys) == ["mig_sup", "jemmig", "dcimig", "bootstrap"])
        #expect(try JSONDecoder().decode(MetricReport.self, from: Data(json.utf8)) == report)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(MetricReport.self, from: Data(#"{"jemig": {"score": 1}}"#.utf8))
        }
    }
}

/// The Z-max variance score on representations whose answer is known.
@Suite struct ZMaxVarianceTests {
    @Test func anAlignedCodeWinsEveryVoteAndVotesLandOnTheRightCodesDespitePruning() throws {
        // Code 0 is constant (pruned); code j + 1 copies factor j; code 3 is small noise.
        var noise = RandomGenerator(seed: 9)
        let representation: ([[Int]]) throws -> CodeMatrix = { rows in
            try CodeMatrix(rows.map { r in [1.0, Double(r[0]), Double(r[1]), 0.01 * noise.nextNormal()] })
        }
        var generator = RandomGenerator(seed: 4)
        let options = ZMaxVariance.Options(batchSize: 16, trainCount: 200, evalCount: 100, varianceEstimateCount: 500)
        let result = try ZMaxVariance.evaluate(factorSizes: [5, 6], options: options, generator: &generator, representation: representation)
        #expect(result.trainAccuracy == 1 && result.evalAccuracy == 1 && result.evalAccuracyScaled == 1)
        #expect(result.activeDimensions == 2)
        // Votes for factor 0 sit on code 1, for factor 1 on code 2 (an index into the active codes would say 0 and 1).
        #expect(result.trainingVotes[0][0] == 0 && result.trainingVotes[0][1] > 0 && result.trainingVotes[1][2] > 0)
        #expect(result.trainingVotes[0][1] + result.trainingVotes[1][2] == 200)
    }

    @Test func withNoActiveCodeNothingVotesAndTheScaledScoreIsChance() throws {
        // Every code varies by less than the pruning threshold of 0.05.
        let representation: ([[Int]]) throws -> CodeMatrix = { rows in
            try CodeMatrix(rows.map { r in [0.001 * Double(r[0]), 0.001 * Double(r[1])] })
        }
        var generator = RandomGenerator(seed: 6)
        let options = ZMaxVariance.Options(batchSize: 16, trainCount: 50, evalCount: 50, varianceEstimateCount: 200)
        let result = try ZMaxVariance.evaluate(factorSizes: [5, 5], options: options, generator: &generator, representation: representation)
        #expect(result.activeDimensions == 0)
        #expect(result.trainAccuracy == 0 && result.evalAccuracy == 0 && result.evalAccuracyScaled == 0)
    }

    @Test func aCodeMixingBothFactorsScoresNearChance() throws {
        var noise = RandomGenerator(seed: 2)
        let representation: ([[Int]]) throws -> CodeMatrix = { rows in
            try CodeMatrix(rows.map { r in [Double(r[0] + r[1]), noise.nextNormal()] })
        }
        var generator = RandomGenerator(seed: 5)
        let options = ZMaxVariance.Options(batchSize: 16, trainCount: 400, evalCount: 400, varianceEstimateCount: 500)
        let result = try ZMaxVariance.evaluate(factorSizes: [5, 5], options: options, generator: &generator, representation: representation)
        #expect(result.evalAccuracy < 0.65)
    }
}
