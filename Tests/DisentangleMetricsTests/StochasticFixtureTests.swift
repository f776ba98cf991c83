import DisentangleMetrics
import Foundation
import Testing

/// A value's spread over scikit-learn's seeds, as the fixture scripts write it.
struct SeedSpread: Decodable {
    let mean: Double
    let std: Double
    let min: Double
    let max: Double

    /// Whether `value` lies within three standard deviations (plus `slack`) of the seeds' mean.
    func contains(_ value: Double, slack: Double) -> Bool { abs(value - mean) <= 3 * std + slack }
}

/// Random-forest DCI and DCI-ES against scikit-learn's forests over seeds (Scripts/metrics/
/// make_random_forest_dci_fixtures.py and make_dci_es_fixtures.py): forests are random, so values must fall within
/// three standard deviations of scikit-learn's mean over seeds (plus 0.01 for the remaining differences of
/// implementation: tie-breaking and the order of random draws).
@Suite struct StochasticFixtureTests {
    @Test(arguments: ReferenceCase.names)
    func randomForestDCIFallsWithinScikitLearnsSeedSpread(name: String) throws {
        let spreads = try JSONDecoder().decode([String: [String: SeedSpread]].self,
                                               from: Data(contentsOf: fixtureURL("random_forest_dci.json")))[name]!
        let fixture = try ReferenceCase.load(name)
        let result = try DCI.evaluate(codes: fixture.codeMatrix(), factors: fixture.factorMatrix(),
                                      trainFraction: fixture.train_fraction,
                                      options: DCI.Options(estimator: .randomForest(RandomForestClassifier.Options())))
        let values = ["disentanglement": result.disentanglement, "completeness": result.completeness,
                      "informativeness_train": result.informativenessTrain, "informativeness_test": result.informativenessTest]
        for (key, value) in values {
            #expect(spreads[key]!.contains(value, slack: 0.01), "\(name) \(key): \(value) vs \(spreads[key]!)")
        }
    }

    @Test(arguments: ["noisy_aligned", "mixed"])
    func dciESExplicitnessFallsWithinScikitLearnsSeedSpread(name: String) throws {
        struct Fixture: Decodable {
            let depths: [Int]
            let noisy_aligned: SeedSpread
            let mixed: SeedSpread
        }
        let expected = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: fixtureURL("dci_es.json")))
        let fixture = try ReferenceCase.load(name)
        let result = try DCIES.evaluate(codes: fixture.codeMatrix(), factors: fixture.factorMatrix(),
                                        trainFraction: fixture.train_fraction, options: DCIES.Options(depths: expected.depths))
        let spread = name == "mixed" ? expected.mixed : expected.noisy_aligned
        #expect(spread.contains(result.explicitness, slack: 0.01), "\(name) E: \(result.explicitness) vs \(spread)")
        #expect(result.size == Double(fixture.factors[0].count) / Double(fixture.codes[0].count))
    }
}
