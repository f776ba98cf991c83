import DisentangleMetrics
import DisentangleTensor
import Foundation
import Testing

/// The estimators against known solutions: hand-computed cases and scikit-learn's solutions on fixture data.
@Suite struct EstimatorTests {
    @Test func logisticRegressionMatchesScikitLearnBinary() throws {
        let fixture = try EstimatorFixture.load()
        let model = try LogisticRegression.fit(features: CodeMatrix(fixture.x), labels: fixture.y_binary)
        #expect(model.coefficients.count == 1)
        for (a, b) in zip(model.coefficients[0], fixture.logistic_binary.coef[0]) { #expect(abs(a - b) < 1e-6) }
        #expect(abs(model.intercepts[0] - fixture.logistic_binary.intercept[0]) < 1e-6)
        #expect(model.solverIterations == fixture.logistic_binary.n_iter)
    }

    @Test func logisticRegressionMatchesScikitLearnMultinomial() throws {
        let fixture = try EstimatorFixture.load()
        let model = try LogisticRegression.fit(features: CodeMatrix(fixture.x), labels: fixture.y_multi)
        for (row, expected) in zip(model.coefficients, fixture.logistic_multi.coef) {
            for (a, b) in zip(row, expected) { #expect(abs(a - b) < 1e-6) }
        }
        for (a, b) in zip(model.intercepts, fixture.logistic_multi.intercept) { #expect(abs(a - b) < 1e-6) }
        #expect(model.solverIterations == fixture.logistic_multi.n_iter)
        let probabilities = model.predictProbabilities(try CodeMatrix(fixture.x))
        #expect(probabilities.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-12 })
    }

    @Test func lbfgsMinimisesRosenbrock() {
        let options = LBFGSMinimizer.Options(maxIterations: 1000, gradientTolerance: 1e-10)
        let result = LBFGSMinimizer.minimize(initial: [-1.2, 1], options: options) { p in
            let (x, y) = (p[0], p[1])
            let value = (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
            return (value, [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
        }
        #expect(result.converged)
        #expect(abs(result.x[0] - 1) < 1e-6 && abs(result.x[1] - 1) < 1e-6)
    }

    @Test func linearSVCMatchesLiblinearOneVsRest() throws {
        let fixture = try EstimatorFixture.load()
        let x = try CodeMatrix(fixture.x.map { [$0[0]] })
        var generator = RandomGenerator(seed: 1)
        let options = LinearSVC.Options(solver: .dualCoordinateDescent, tolerance: 1e-10, maxIterations: 100_000)
        let model = try LinearSVC.fit(features: x, labels: fixture.y_multi, options: options, generator: &generator)
        let expected = fixture.linear_svc_feature0_multi["dual"]!
        for (row, e) in zip(model.coefficients, expected.coef) { #expect(abs(row[0] - e[0]) < 1e-7) }
        for (a, b) in zip(model.intercepts, expected.intercept) { #expect(abs(a - b) < 1e-7) }
    }

    @Test func linearSVCTrustRegionMatchesScikitLearnPrimal() throws {
        let fixture = try EstimatorFixture.load()
        let x = try CodeMatrix(fixture.x.map { [$0[0]] })
        var generator = RandomGenerator(seed: 1)
        let model = try LinearSVC.fit(features: x, labels: fixture.y_multi, generator: &generator)
        // scikit-learn >= 1.5 runs LIBLINEAR's trust-region Newton method on these shapes; the same iterations
        // reproduce its solution, which stops up to ~2e-6 away from the exact optimum (the dual solved to 1e-10).
        let primal = fixture.linear_svc_feature0_multi["primal"]!
        for (row, e) in zip(model.coefficients, primal.coef) { #expect(abs(row[0] - e[0]) < 1e-10) }
        for (a, b) in zip(model.intercepts, primal.intercept) { #expect(abs(a - b) < 1e-10) }
        let exact = fixture.linear_svc_feature0_multi["dual"]!
        for (row, e) in zip(model.coefficients, exact.coef) { #expect(abs(row[0] - e[0]) < 1e-5) }
        for (a, b) in zip(model.intercepts, exact.intercept) { #expect(abs(a - b) < 1e-5) }
    }

    @Test func linearSVCMatchesLiblinearBinary() throws {
        let fixture = try EstimatorFixture.load()
        let x = try CodeMatrix(fixture.x.map { [$0[0]] })
        var generator = RandomGenerator(seed: 2)
        let options = LinearSVC.Options(solver: .dualCoordinateDescent, tolerance: 1e-10, maxIterations: 100_000)
        let model = try LinearSVC.fit(features: x, labels: fixture.y_binary, options: options, generator: &generator)
        #expect(abs(model.coefficients[0][0] - fixture.linear_svc_feature0_binary.coef[0][0]) < 1e-7)
        #expect(abs(model.intercepts[0] - fixture.linear_svc_feature0_binary.intercept[0]) < 1e-7)
    }

    @Test func lassoMatchesScikitLearn() throws {
        let fixture = try EstimatorFixture.load()
        let model = try Lasso.fit(features: CodeMatrix(fixture.x), targets: fixture.y_multi.map(Double.init),
                                  options: Lasso.Options(alpha: 0.02))
        for (a, b) in zip(model.coefficients, fixture.lasso.coef) { #expect(abs(a - b) < 1e-6) }
        #expect(abs(model.intercept - fixture.lasso.intercept) < 1e-6)
    }

    @Test func lassoSoftThresholdsAnOrthogonalDesign() throws {
        // Centred orthogonal columns with ||x||^2 = n: the solution is the soft-thresholded least-squares one.
        let x = try CodeMatrix([[1, 1], [-1, 1], [1, -1], [-1, -1]])
        let y = [3.0, -1.0, 1.0, -3.0]  // = 2 x0 + 1 x1
        let model = try Lasso.fit(features: x, targets: y, options: Lasso.Options(alpha: 0.5, tolerance: 1e-12))
        #expect(abs(model.coefficients[0] - 1.5) < 1e-12)
        #expect(abs(model.coefficients[1] - 0.5) < 1e-12)
        #expect(abs(model.intercept) < 1e-12)
    }

    @Test func lassoStopsAtOnceOnAConstantTarget() throws {
        // UDR regresses codes masked to zero: the solution is 0 and the duality gap is 0 from the first pass, which
        // must end the fit (as scikit-learn's `gap <= tol`), not run every one of maxIterations passes.
        let x = try CodeMatrix([[1, 2], [0, 1], [3, -1], [2, 2]])
        let model = try Lasso.fit(features: x, targets: [0, 0, 0, 0], options: Lasso.Options(alpha: 0.1))
        #expect(model.coefficients == [0, 0])
        #expect(model.iterations == 1)
    }

    @Test func regressionTreeFindsTheObviousSplit() throws {
        var generator = RandomGenerator(seed: 0)
        let tree = try RegressionTree.fit(features: CodeMatrix([[1], [2], [3], [4]]), targets: [1, 1, 5, 5],
                                          generator: &generator)
        #expect(tree.nodes[0].feature == 0 && tree.nodes[0].threshold == 2.5)
        #expect(tree.predict(try CodeMatrix([[0], [2.4], [2.6], [9]])) == [1, 1, 5, 5])
        #expect(tree.impurityDecrease() == [4])
        #expect(tree.nodes.count == 3)
    }

    @Test func boostingOneStageMatchesHandComputedNewtonStep() throws {
        // Two balanced classes: prior logit 0, residuals +-0.5, Newton leaf values -0.5 / 0.25 = -2 and +2.
        var generator = RandomGenerator(seed: 0)
        let options = GradientBoostingClassifier.Options(stageCount: 1, tree: RegressionTree.Options(maxDepth: 1))
        let x = try CodeMatrix([[0], [1], [2], [3]])
        let model = try GradientBoostingClassifier.fit(features: x, labels: [4, 4, 7, 7], options: options,
                                                       generator: &generator)
        let raw = model.decisionFunction(x).map { $0[0] }
        for (a, b) in zip(raw, [-0.2, -0.2, 0.2, 0.2]) { #expect(abs(a - b) < 1e-12) }
        #expect(model.predict(x) == [4, 4, 7, 7])
        #expect(model.featureImportances == [1])
    }

    @Test func boostingMulticlassLearnsASeparableProblemAndItsImportances() throws {
        var generator = RandomGenerator(seed: 3)
        var rows = [[Double]](), labels = [Int]()
        for i in 0..<300 {
            let label = i % 3
            rows.append([Double(label) + 0.1 * generator.nextNormal(), generator.nextNormal()])
            labels.append(label)
        }
        let x = try CodeMatrix(rows)
        let model = try GradientBoostingClassifier.fit(features: x, labels: labels, generator: &generator)
        #expect(model.stages.count == 100 && model.stages[0].count == 3)
        #expect(model.accuracy(features: x, labels: labels) == 1 && model.trainingAccuracy == 1)
        #expect(model.featureImportances[0] > 0.99)
        #expect(abs(model.featureImportances.reduce(0, +) - 1) < 1e-12)
    }

    @Test func rocAUCMatchesKnownValues() {
        #expect(ROCAUC.score(labels: [false, false, true, true], scores: [0.1, 0.4, 0.35, 0.8]) == 0.75)
        #expect(ROCAUC.score(labels: [false, true, false, true], scores: [1, 1, 1, 1]) == 0.5)
        #expect(ROCAUC.score(labels: [true, true], scores: [0.2, 0.3]) == nil)
    }

    @Test func histogramFollowsNumPyDigitize() {
        let discretizer = HistogramDiscretizer()
        #expect(discretizer.discretize([3, 3, 3]) == [11, 11, 11])
        #expect(discretizer.discretize((0...20).map(Double.init)) == Array(1...20) + [20])
        #expect(discretizer.discretize([0.1, 0.7, 0.3, 1.9, -2.2, 0.7]) == [12, 15, 13, 20, 1, 15])
    }

    @Test func discreteMutualInformationKnownValues() {
        #expect(DiscreteMutualInformation.mutualInformation([0, 0, 1, 1], [0, 1, 0, 1]) == 0)
        #expect(abs(DiscreteMutualInformation.mutualInformation([0, 0, 1, 1], [5, 5, 9, 9]) - Foundation.log(2)) < 1e-15)
        #expect(DiscreteMutualInformation.entropy([2, 2, 2]) == 0)
    }
}
