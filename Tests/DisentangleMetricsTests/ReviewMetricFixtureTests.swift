import DisentangleMetrics
import Foundation
import Testing

/// Values of the MIG family of Carbonneau et al.'s review written by Scripts/metrics/make_review_fixtures.py.
struct ReviewFixture: Decodable {
    struct Values: Decodable {
        struct Scored: Decodable {
            let score: Double
            let per_factor: [Double]?
            let per_code: [Double]?
            let unnormalized_gap: [Double]?
            let per_factor_gap: [Double]?
        }
        let mig_code_entropy: Scored
        let mig_sup: Scored
        let mig_sup_code_entropy: Scored
        let jemmig: Scored
        let dcimig: Scored
    }
    let bins: [String: Values]

    static func load(_ name: String) throws -> ReviewFixture {
        try JSONDecoder().decode(ReviewFixture.self, from: Data(contentsOf: fixtureURL("review_\(name).json")))
    }
}

/// Checks every value of `actual` against `expected` to 1e-6 relative (absolute below 1e-9).
func expectClose(_ actual: [Double], _ expected: [Double], _ what: String) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)")
    for (a, e) in zip(actual, expected) {
        #expect(abs(a - e) < 1e-9 || relativeDifference(a, e) < 1e-6, "\(what): \(a) vs \(e)")
    }
}

/// MIG-sup, JEMMIG, DCIMIG and MIG with the code's entropy against an independent numpy implementation of their
/// definitions, at 20 bins (this library's default) and 10 (Carbonneau et al.'s library's).
@Suite struct ReviewMetricFixtureTests {
    @Test(arguments: ReferenceCase.names)
    func migFamilyMatchesNumPy(name: String) throws {
        let fixture = try ReferenceCase.load(name)
        let review = try ReviewFixture.load(name)
        let codes = try fixture.codeMatrix(), factors = try fixture.factorMatrix()
        for (bins, expected) in review.bins {
            let discretizer = HistogramDiscretizer(binCount: Int(bins)!)
            let mig = try MIG.evaluate(codes: codes, factors: factors,
                                       options: MIG.Options(discretizer: discretizer, normalization: .codeEntropy))
            expectClose([mig.score] + mig.perFactor, [expected.mig_code_entropy.score] + expected.mig_code_entropy.per_factor!,
                        "\(name) MIG/H(z) \(bins) bins")
            let sup = try MIGSup.evaluate(codes: codes, factors: factors, options: MIGSup.Options(discretizer: discretizer))
            expectClose([sup.score] + sup.perCode, [expected.mig_sup.score] + expected.mig_sup.per_code!, "\(name) MIG-sup \(bins)")
            let supCode = try MIGSup.evaluate(codes: codes, factors: factors,
                                              options: MIGSup.Options(discretizer: discretizer, normalization: .codeEntropy))
            expectClose([supCode.score], [expected.mig_sup_code_entropy.score], "\(name) MIG-sup/H(z) \(bins)")
            let jemmig = try JEMMIG.evaluate(codes: codes, factors: factors, options: JEMMIG.Options(discretizer: discretizer))
            expectClose([jemmig.score] + jemmig.perFactor + jemmig.unnormalizedGap,
                        [expected.jemmig.score] + expected.jemmig.per_factor! + expected.jemmig.unnormalized_gap!,
                        "\(name) JEMMIG \(bins)")
            let dcimig = try DCIMIG.evaluate(codes: codes, factors: factors, options: DCIMIG.Options(discretizer: discretizer))
            expectClose([dcimig.score] + dcimig.perFactorGap, [expected.dcimig.score] + expected.dcimig.per_factor_gap!,
                        "\(name) DCIMIG \(bins)")
        }
    }

    @Test func defaultMIGIsStillDisentanglementLibs() throws {
        // The default normalisation divides by the factor's entropy; the code-entropy variant differs.
        let fixture = try ReferenceCase.load("noisy_aligned")
        let codes = try fixture.codeMatrix(), factors = try fixture.factorMatrix()
        let byFactor = try MIG.evaluate(codes: codes, factors: factors)
        let byCode = try MIG.evaluate(codes: codes, factors: factors, options: MIG.Options(normalization: .codeEntropy))
        #expect(relativeDifference(byFactor.score, fixture.expected.mig.score) < 1e-6)
        #expect(abs(byCode.score - byFactor.score) > 1e-3)
    }
}

/// UDR against Scripts/metrics/make_udr_fixture.py (numpy / scikit-learn / scipy following disentanglement_lib's
/// udr.py).
@Suite struct UDRFixtureTests {
    struct Fixture: Decodable {
        struct Scores: Decodable {
            let model_scores: [Double]
            let pairwise_scores: [[Double]]
        }
        let codes: [[[Double]]]
        let kl: [[Double]]
        let lasso: Scores
        let spearman: Scores
    }

    @Test(arguments: [UDR.Correlation.lasso, .spearman])
    func udrMatchesTheReference(correlation: UDR.Correlation) throws {
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: fixtureURL("udr.json")))
        let codes = try fixture.codes.map { try CodeMatrix($0) }
        let result = try UDR.evaluate(codes: codes, klDivergences: fixture.kl, options: UDR.Options(correlation: correlation))
        let expected = correlation == .lasso ? fixture.lasso : fixture.spearman
        // The lasso is solved to scikit-learn's duality-gap tolerance, so coefficients agree to about 1e-5.
        let tolerance = correlation == .lasso ? 1e-4 : 1e-9
        for (a, e) in zip(result.modelScores, expected.model_scores) { #expect(abs(a - e) < tolerance, "\(a) vs \(e)") }
        for (row, expectedRow) in zip(result.pairwiseScores, expected.pairwise_scores) {
            for (a, e) in zip(row, expectedRow) { #expect(abs(a - e) < tolerance, "\(a) vs \(e)") }
        }
    }

    @Test func udrNeedsTwoModelsOfTheSameShape() throws {
        let one = try CodeMatrix([[0, 1], [1, 0], [2, 2]])
        #expect(throws: MetricError.self) { try UDR.evaluate(codes: [one], klDivergences: [[1, 1]]) }
        let narrow = try CodeMatrix([[0], [1], [2]])
        #expect(throws: MetricError.self) { try UDR.evaluate(codes: [one, narrow], klDivergences: [[1, 1], [1]]) }
    }
}

/// InfoMEC against Scripts/metrics/make_infomec_fixtures.py (scikit-learn, as the authors' code computes it).
@Suite struct InfoMECFixtureTests {
    struct Fixture: Decodable {
        let infom: Double
        let infoe: Double
        let infoc: Double
        let infom_seed_range: [Double]
        let infoc_seed_range: [Double]
        let per_factor_explicitness: [Double]
        let nmi: [[Double]]
    }

    @Test(arguments: ["noisy_aligned", "mixed"])
    func infoMECMatchesScikitLearn(name: String) throws {
        let fixture = try ReferenceCase.load(name)
        let expected = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: fixtureURL("infomec_\(name).json")))
        let result = try InfoMEC.evaluate(codes: fixture.codeMatrix(), factors: fixture.factorMatrix())
        // scikit-learn adds noise of relative size 1e-10 to break ties between the float32 codes; this estimate breaks
        // them deterministically, which moves InfoM and InfoC by up to about 5e-5 here.
        let spreadM = expected.infom_seed_range[1] - expected.infom_seed_range[0]
        let spreadC = expected.infoc_seed_range[1] - expected.infoc_seed_range[0]
        #expect(abs(result.infoM - expected.infom) <= max(1e-4, 2 * spreadM), "InfoM \(result.infoM) vs \(expected.infom)")
        #expect(abs(result.infoC - expected.infoc) <= max(1e-4, 2 * spreadC), "InfoC \(result.infoC) vs \(expected.infoc)")
        for (row, expectedRow) in zip(result.normalizedMutualInformation, expected.nmi) {
            for (a, e) in zip(row, expectedRow) { #expect(abs(a - e) < 5e-3, "NMI \(a) vs \(e)") }
        }
        #expect(abs(result.infoE - expected.infoe) < 1e-4, "InfoE \(result.infoE) vs \(expected.infoe)")
    }
}
