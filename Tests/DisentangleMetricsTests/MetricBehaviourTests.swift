import DisentangleMetrics
import DisentangleTensor
import Foundation
import Testing

/// Every factor combination of sizes [4, 5], repeated: factors are exactly independent in the sample.
private func fullGrid(repeats: Int = 6) throws -> (CodeMatrix, FactorMatrix) {
    var codes = [[Double]](), factors = [[Int]]()
    for r in 0..<repeats {
        for a in 0..<4 {
            for b in 0..<5 {
                codes.append([Double(a) * 0.5 + 0.001 * Double(r), Double(b) * 2 - 0.001 * Double(r), Double(r)])
                factors.append([a, b])
            }
        }
    }
    return (try CodeMatrix(codes), try FactorMatrix(factors))
}

@Suite struct InputValidationTests {
    @Test func mismatchedRowCountsThrow() throws {
        let codes = try CodeMatrix([[0, 1], [1, 0], [2, 2]])
        let factors = try FactorMatrix([[0], [1]])
        #expect(throws: MetricError.rowCountMismatch(codes: 3, factors: 2)) {
            try MIG.evaluate(codes: codes, factors: factors)
        }
        #expect(throws: MetricError.rowCountMismatch(codes: 3, factors: 2)) {
            try MetricSuite.evaluate(codes: codes, factors: factors)
        }
    }

    @Test func nonFiniteEmptyAndRaggedInputsThrow() {
        #expect(throws: MetricError.nonFinite(input: "codes", row: 1, column: 0)) {
            try CodeMatrix([[0, 1], [.nan, 0]])
        }
        #expect(throws: MetricError.emptyInput("codes")) { try CodeMatrix([[Double]]()) }
        #expect(throws: MetricError.raggedRows(input: "factors", row: 1, expected: 2, found: 1)) {
            try FactorMatrix([[0, 1], [1]])
        }
        #expect(throws: MetricError.wrongElementCount(input: "codes", expected: 4, found: 3)) {
            try CodeMatrix(rowCount: 2, columnCount: 2, values: [Float](repeating: 0, count: 3))
        }
    }

    @Test func tensorInputsAreChecked() throws {
        let codes = try CodeMatrix(Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5]))
        #expect(codes.rowCount == 2 && codes[1, 2] == 5)
        #expect(throws: MetricError.notAMatrix(input: "codes", shape: [6])) { try CodeMatrix(Tensor([0, 1, 2, 3, 4, 5])) }
        #expect(throws: MetricError.nonFinite(input: "factors", row: 0, column: 1)) {
            try FactorMatrix(Tensor(shape: [1, 2], scalars: [1, 0.5]))
        }
    }

    @Test func constantFactorsThrowWhereTheMetricIsUndefined() throws {
        let codes = try CodeMatrix((0..<20).map { [Double($0), Double($0 % 3)] })
        let factors = try FactorMatrix((0..<20).map { [$0 % 4, 7] })
        #expect(throws: MetricError.constantFactor(metric: "MIG", factor: 1)) { try MIG.evaluate(codes: codes, factors: factors) }
        #expect(throws: MetricError.constantFactor(metric: "DCI", factor: 1)) { try DCI.evaluate(codes: codes, factors: factors) }
        #expect(throws: MetricError.constantFactor(metric: "SAP", factor: 1)) { try SAP.evaluate(codes: codes, factors: factors) }
        #expect(throws: MetricError.constantFactor(metric: "explicitness", factor: 1)) {
            try Explicitness.evaluate(codes: codes, factors: factors)
        }
        // Defined in disentanglement_lib: modularity and IRS simply see no information in the constant factor.
        let modularity = try Modularity.evaluate(codes: codes, factors: factors)
        #expect(modularity.mutualInformation.allSatisfy { $0[1] == 0 })
        _ = try IRS.evaluate(codes: codes, factors: factors)
    }

    @Test func unknownMetricNamesAndBadSplitsThrow() throws {
        #expect(throws: MetricError.unknownMetric("migg", known: MetricRegistry.names)) { try MetricRegistry.resolve(["mig", "migg"]) }
        let (codes, factors) = try fullGrid()
        #expect(throws: MetricError.self) { try DCI.evaluate(codes: codes, factors: factors, trainFraction: 1.5) }
        #expect(throws: MetricError.tooFewRows(metric: "SAP (test rows)", needed: 1, found: 0)) {
            try SAP.evaluate(codes: codes, factors: factors, trainFraction: 1)
        }
    }

    @Test func splitFollowsCeilingRule() throws {
        let split = try TrainTestSplit(rowCount: 11, trainFraction: 0.8)
        #expect(split.trainCount == 9 && split.testCount == 2)
    }
}

@Suite struct MetricBehaviourTests {
    @Test func aPerfectCodeOnAFullGridScoresOne() throws {
        let (codes, factors) = try fullGrid()
        let mig = try MIG.evaluate(codes: codes, factors: factors)
        #expect(abs(mig.score - 1) < 1e-12)
        let sap = try SAP.evaluate(codes: codes, factors: factors, options: SAP.Options(continuousFactors: true))
        #expect(abs(sap.scoreMatrix[0][0] - 1) < 1e-4 && sap.score > 0.9)
    }

    @Test func dciWithEveryImportanceEstimatorRewardsAnAlignedCode() throws {
        let (codes, factors) = try fullGrid()
        for estimator in [DCI.ImportanceEstimator.gradientBoosting(GradientBoostingClassifier.Options(stageCount: 20)),
                          .lasso(Lasso.Options(alpha: 0.02)), .logisticRegression(LogisticRegression.Options())] {
            let result = try DCI.evaluate(codes: codes, factors: factors, options: DCI.Options(estimator: estimator))
            #expect(result.disentanglement > 0.8, "\(estimator): \(result.disentanglement)")
            #expect(result.importanceMatrix[0][0] > result.importanceMatrix[0][1])
            #expect(result.importanceMatrix[1][1] > result.importanceMatrix[1][0])
        }
        let scores = DCI.scoresFromImportance([[1, 0], [0, 1]])
        #expect(scores.disentanglement > 0.999_999 && scores.disentanglement < 1)
    }

    @Test func reportEncodesTheIssueShape() throws {
        let (codes, factors) = try fullGrid()
        var options = MetricSuiteOptions()
        try options.setOptions(DCI.Options(estimator: .gradientBoosting(GradientBoostingClassifier.Options(stageCount: 5))), for: DCI.self)
        let report = try MetricSuite.evaluate(codes: codes, factors: factors, metricNames: ["mig", "dci", "sap", "modularity", "explicitness", "irs", "unsupervised"], options: options)
        let object = try JSONSerialization.jsonObject(with: Data(report.jsonString().utf8)) as! [String: Any]
        #expect(Set(object.keys) == ["mig", "dci", "sap", "modularity", "explicitness", "irs", "unsupervised"])
        let mig = object["mig"] as! [String: Any]
        #expect(mig["score"] is Double && (mig["per_factor"] as! [Double]).count == 2)
        let dci = object["dci"] as! [String: Any]
        for key in ["disentanglement", "completeness", "informativeness_train", "informativeness_test"] { #expect(dci[key] is Double) }
        #expect((object["explicitness"] as! [String: Any])["train"] is Double)
        let decoded = try JSONDecoder().decode(MetricReport.self, from: Data(report.jsonString().utf8))
        #expect(decoded == report)
        let onlyMIG = try MetricSuite.evaluate(codes: codes, factors: factors, metrics: [MIG.self])
        #expect(try onlyMIG.result(DCI.self) == nil && onlyMIG.result(MIG.self) != nil)
    }

    @Test func bootstrapIntervalsAreReproducibleAndBracketTheSpread() throws {
        let (codes, factors) = try fullGrid()
        let options = MetricSuiteOptions(bootstrap: Bootstrap.Options(replicates: 20, seed: 5))
        let a = try MetricSuite.evaluate(codes: codes, factors: factors, metrics: [MIG.self, Modularity.self], options: options)
        let b = try MetricSuite.evaluate(codes: codes, factors: factors, metrics: [MIG.self, Modularity.self], options: options)
        #expect(a == b)
        let interval = try #require(a.bootstrap?["mig.score"])
        #expect(interval.lower <= interval.upper && interval.replicates == 20 && interval.estimate == a.scalars["mig.score"])
        #expect(a.bootstrap?["modularity.score"] != nil)
    }

    @Test func tensorInputsAndSingleStatisticBootstrap() throws {
        let (codes, factors) = try fullGrid(repeats: 2)
        let codeTensor = Tensor(shape: [codes.rowCount, codes.columnCount], scalars: codes.values.map(Float.init))
        let factorTensor = Tensor(shape: [factors.rowCount, 2], scalars: factors.values.map(Float.init))
        let fromTensors = try MetricSuite.evaluate(codes: codeTensor, factors: factorTensor, metrics: [MIG.self, IRS.self])
        let floatCodes = try CodeMatrix(rowCount: codes.rowCount, columnCount: codes.columnCount,
                                        values: codes.values.map(Float.init))
        let fromMatrices = try MetricSuite.evaluate(codes: floatCodes, factors: factors, metrics: [MIG.self, IRS.self])
        #expect(fromTensors == fromMatrices)
        var calls = 0
        let interval = try Bootstrap.interval(codes: codes, factors: factors, trainFraction: nil,
                                              options: Bootstrap.Options(replicates: 10)) { c, _ in
            calls += 1
            return c.values.reduce(0, +) / Double(c.values.count)
        }
        #expect(calls == 11 && interval.lower <= interval.upper)
        #expect(interval.replicates == 10)
    }

    /// The fraction of distinct rows is 1 on distinct rows but about 1 - 1/e on a resample: a statistic whose
    /// bootstrap is biased by construction, so the percentile and basic intervals must part ways as documented.
    @Test func basicIntervalReflectsThePercentileIntervalAndCorrectsABias() throws {
        let n = 400
        let codes = try CodeMatrix((0..<n).map { [Double($0)] })
        let factors = try FactorMatrix((0..<n).map { [$0 % 5] })
        var values = [Double]()
        let interval = try Bootstrap.interval(
            codes: codes, factors: factors, trainFraction: nil, options: Bootstrap.Options(replicates: 50, seed: 3)
        ) { c, _ in
            let value = Double(Set(c.values).count) / Double(c.rowCount)
            values.append(value)
            return value
        }
        let replicates = Array(values.dropFirst())
        #expect(interval.estimate == 1 && replicates.count == 50)
        let expectedBias = replicates.reduce(0, +) / Double(replicates.count) - 1
        #expect(abs(interval.bias - expectedBias) < 1e-15)
        // E[distinct fraction] = 1 - (1 - 1/n)^n = 0.6326 for n = 400; its standard deviation is about 0.015.
        #expect(abs(interval.bias + 0.3674) < 0.02)
        #expect(interval.upper < 1, "the percentile interval excludes the estimate of a biased statistic")
        #expect(interval.basicLower > 1, "the basic interval lies on the other side")
        #expect(abs(interval.basicLower - (2 - interval.upper)) < 1e-15)
        #expect(abs(interval.basicUpper - (2 - interval.lower)) < 1e-15)
        let sorted = replicates.sorted()
        #expect(interval.lower >= sorted[0] && interval.lower <= sorted[2] && interval.upper >= sorted[47])
    }

    /// The "From Swift" example of Documentation/MetricsOnYourCodes.md, verbatim apart from the prints.
    @Test func documentationExampleRuns() throws {
        var generator = RandomGenerator(seed: 0)
        var codeRows: [[Double]] = [], factorRows: [[Int]] = []
        for _ in 0..<200 {
            let a = generator.nextInt(below: 4), b = generator.nextInt(below: 3)
            factorRows.append([a, b])
            codeRows.append([Double(a) + 0.1 * Double(generator.nextFloat()), Double(b), Double(generator.nextFloat())])
        }
        let codes = try CodeMatrix(codeRows)
        let factors = try FactorMatrix(factorRows)
        let report = try MetricSuite.evaluate(codes: codes, factors: factors, metrics: [MIG.self, DCI.self, SAP.self])
        #expect(report.scalars["mig.score"]! > 0.5 && report.scalars["dci.disentanglement"]! > 0.5)
        _ = try report.jsonString(prettyPrinted: true)
    }

    @Test func unsupervisedScoresOfUncorrelatedAndCollinearCodes() throws {
        let uncorrelated = try UnsupervisedScores.evaluate(codes: CodeMatrix([[1, 1], [-1, 1], [1, -1], [-1, -1]]))
        #expect(abs(uncorrelated.gaussianTotalCorrelation) < 1e-12 && abs(uncorrelated.gaussianWassersteinCorrelation) < 1e-12)
        #expect(throws: MetricError.self) { try UnsupervisedScores.evaluate(codes: CodeMatrix([[1, 2], [2, 4], [3, 6]])) }
    }

    @Test func posteriorStatisticsKnownValues() throws {
        let means = try CodeMatrix([[0, 1], [0, -1]])
        let logVariances = try CodeMatrix([[0, 0], [0, 0]])
        let stats = try PosteriorStatistics.evaluate(means: means, logVariances: logVariances)
        #expect(stats.klPerDimension == [0, 0.5] && stats.totalKL == 0.5)
        #expect(stats.meanVariance == [1, 1] && stats.varianceOfMeans == [0, 1])
        #expect(stats.activeDimensions == [1] && stats.activeUnits == 1)
        let fromTensors = try PosteriorStatistics.evaluate(means: Tensor(shape: [2, 2], scalars: [0, 1, 0, -1]),
                                                           logVariances: Tensor(shape: [2, 2], scalars: [0, 0, 0, 0]))
        #expect(fromTensors == stats)
    }
}

/// DCI-ES's explicitness on loss-capacity curves whose shape is known.
@Suite struct DCIESBehaviourTests {
    @Test func aFlatCurveIsFullyExplicitEvenAtTheBaselineSoEIsReadWithI() throws {
        // Constant codes: no probe can split, every capacity predicts the majority class, the curve is flat at
        // about the baseline loss: E = 1 (the area is measured above the curve's own minimum), I near chance.
        let factors = try FactorMatrix((0..<120).map { [$0 % 3, ($0 / 3) % 4] })
        let constant = try CodeMatrix((0..<120).map { _ in [0.5, -1.0] })
        let options = DCIES.Options(depths: [1, 2, 4], treeCount: 5, seed: 1)
        let flat = try DCIES.evaluate(codes: constant, factors: factors, options: options)
        #expect(flat.explicitness == 1)
        #expect(flat.informativeness < 0.5)
        // Codes that copy the factors: a forest of stumps already reads every class, the curve is flat at 0: E = 1
        // too, and only I tells the two apart.
        let copies = try CodeMatrix((0..<120).map { [Double($0 % 3), Double(($0 / 3) % 4)] })
        let aligned = try DCIES.evaluate(codes: copies, factors: factors, options: options)
        #expect(aligned.explicitness == 1)
        #expect(aligned.informativeness > 0.9)
        #expect(aligned.size == 1)
    }
}

@Suite struct SamplingScoreTests {
    private static let sizes = [3, 6, 10, 8]

    /// Codes equal to the factors, scaled to unit range.
    private static func aligned(_ factors: [[Int]]) throws -> CodeMatrix {
        try CodeMatrix(factors.map { row in row.enumerated().map { Double($0.element) / Double(sizes[$0.offset] - 1) } })
    }

    @Test func factorVAEScoreOfAnAlignedCodeIsOne() throws {
        var generator = RandomGenerator(seed: 11)
        let options = FactorVAEScore.Options(trainCount: 300, evalCount: 100, varianceEstimateCount: 1000)
        let result = try FactorVAEScore.evaluate(factorSizes: Self.sizes, options: options, generator: &generator,
                                                 representation: Self.aligned)
        #expect(result.trainAccuracy == 1 && result.evalAccuracy == 1 && result.activeDimensions == 4)
    }

    @Test func factorVAEScoreWithoutActiveCodesIsZero() throws {
        var generator = RandomGenerator(seed: 12)
        let options = FactorVAEScore.Options(trainCount: 10, evalCount: 10, varianceEstimateCount: 100)
        let result = try FactorVAEScore.evaluate(factorSizes: Self.sizes, options: options, generator: &generator) { f in
            try CodeMatrix(f.map { _ in [0.01, 0.0] })
        }
        #expect(result.trainAccuracy == 0 && result.activeDimensions == 0)
    }

    @Test func betaVAEScoreOfAnAlignedCodeIsNearlyOne() throws {
        var generator = RandomGenerator(seed: 13)
        let options = BetaVAEScore.Options(trainCount: 400, evalCount: 200)
        let result = try BetaVAEScore.evaluate(factorSizes: Self.sizes, options: options, generator: &generator,
                                               representation: Self.aligned)
        #expect(result.trainAccuracy > 0.95 && result.evalAccuracy > 0.95)
    }

    @Test func badRepresentationsThrow() throws {
        var generator = RandomGenerator(seed: 14)
        #expect(throws: MetricError.representationShape(expectedRows: 128, foundRows: 1, expectedColumns: nil, foundColumns: 2)) {
            try BetaVAEScore.evaluate(factorSizes: Self.sizes, generator: &generator) { _ in try CodeMatrix([[0, 1]]) }
        }
        #expect(throws: MetricError.self) {
            try FactorVAEScore.evaluate(factorSizes: [3, 0], generator: &generator, representation: Self.aligned)
        }
    }
}
