import DisentangleTensor
import Foundation

/// Gradient-boosted regression trees for classification, following scikit-learn's
/// `GradientBoostingClassifier()` with its defaults: log-loss, 100 stages, learning rate 0.1, depth-3 trees,
/// no subsampling.
///
/// The initial raw predictions are the log class priors (the binomial logit of the positive-class prior for two
/// classes). Each stage fits one regression tree per class (one tree in total for two classes) to the negative
/// gradient `y_k - p_k`, then replaces every leaf value by the Newton step
/// `((K - 1) / K) * mean(residual) / mean(p (1 - p))` (without the `(K - 1) / K` factor for two classes) and adds
/// `learningRate * leaf value` to the raw predictions. Feature importances average the trees' impurity decreases
/// (over trees with at least one split) and normalise them to sum 1.
public struct GradientBoostingClassifier: Sendable, Equatable, Codable, DecisionFunctionClassifier {
    /// Boosting settings, with scikit-learn's defaults.
    public struct Options: Sendable, Equatable, Codable {
        /// The number of boosting stages (100).
        public var stageCount: Int
        /// The shrinkage applied to every tree (0.1).
        public var learningRate: Double
        /// How each tree is grown (depth 3, at least 2 rows to split, at least 1 row per leaf).
        public var tree: RegressionTree.Options

        /// Creates boosting settings.
        public init(stageCount: Int = 100, learningRate: Double = 0.1, tree: RegressionTree.Options = RegressionTree.Options()) {
            self.stageCount = stageCount
            self.learningRate = learningRate
            self.tree = tree
        }
    }

    /// The class labels, ascending; predictions are drawn from these.
    package let classes: [Int]
    /// The raw prediction every row starts from (one value per tree of a stage).
    package let initialRawPrediction: [Double]
    /// The trees, `stages[stage][k]`: one per class, or a single one for two classes.
    package let stages: [[RegressionTree]]
    /// The shrinkage the trees were fitted with.
    package let learningRate: Double
    /// Normalised impurity-based feature importances (all zero if no tree ever split).
    package let featureImportances: [Double]
    /// The accuracy on the training rows, from the raw predictions accumulated while fitting (the values
    /// ``predict(_:)`` recomputes for those rows).
    package let trainingAccuracy: Double

    /// The raw (log-odds) predictions of every row: one value per row for two classes, else one per class.
    package func decisionFunction(_ features: CodeMatrix) -> [[Double]] {
        let width = initialRawPrediction.count
        var raw = [[Double]](repeating: initialRawPrediction, count: features.rowCount)
        features.values.withUnsafeBufferPointer { buffer in
            for i in 0..<features.rowCount {
                let row = UnsafeBufferPointer(rebasing: buffer[(i * features.columnCount)..<((i + 1) * features.columnCount)])
                for stage in stages {
                    for k in 0..<width {
                        raw[i][k] += learningRate * stage[k].nodes[stage[k].leaf(for: row)].value
                    }
                }
            }
        }
        return raw
    }

    /// The predicted class of every row.
    package func predict(_ features: CodeMatrix) -> [Int] { predictedClasses(features) }

    /// The fraction of rows whose predicted class equals the label.
    package func accuracy(features: CodeMatrix, labels: [Int]) -> Double {
        predictionAccuracy(features: features, labels: labels)
    }

    /// Fits the classifier to `labels` (one per row of `features`, at least two distinct values).
    ///
    /// Trees of the same stage are grown in parallel with `Threading`; each takes its own generator split
    /// from `generator` beforehand, so results do not depend on the thread count.
    ///
    /// - Throws: ``MetricError`` for mismatched lengths, a single class, or invalid options.
    package static func fit(features: CodeMatrix, labels: [Int], options: Options = Options(),
                           generator: inout RandomGenerator) throws -> GradientBoostingClassifier {
        try fit(features: features, labels: labels, options: options, generator: &generator, parallelTrees: true)
    }

    /// Fits the classifier, growing the trees of a stage in parallel only if `parallelTrees` (callers that already
    /// run several fits in parallel pass false).
    static func fit(features: CodeMatrix, labels: [Int], options: Options, generator: inout RandomGenerator,
                    parallelTrees: Bool) throws -> GradientBoostingClassifier {
        guard labels.count == features.rowCount else {
            throw MetricError.rowCountMismatch(codes: features.rowCount, factors: labels.count)
        }
        try options.tree.validate()
        guard options.stageCount >= 1, options.learningRate > 0, options.learningRate.isFinite else {
            throw MetricError.invalidOption("boosting needs stageCount >= 1 and a positive learning rate")
        }
        let (encoded, classCount) = DiscreteMutualInformation.encode(labels)
        guard classCount >= 2 else { throw MetricError.constantFactor(metric: "gradient boosting", factor: 0) }
        let classes = Array(Set(labels)).sorted()
        let n = features.rowCount
        let data = PresortedFeatures(features)
        let treeCount = classCount == 2 ? 1 : classCount

        var counts = [Int](repeating: 0, count: classCount)
        for c in encoded { counts[c] += 1 }
        let eps = Double.ulpOfOne
        let priors = counts.map { min(max(Double($0) / Double(n), eps), 1 - eps) }
        let initial: [Double]
        if classCount == 2 {
            initial = [Foundation.log(priors[1] / (1 - priors[1]))]
        } else {
            let geometricMean = Foundation.exp(priors.map { Foundation.log($0) }.reduce(0, +) / Double(classCount))
            initial = priors.map { Foundation.log($0 / geometricMean) }
        }

        var raw = [Double](repeating: 0, count: n * treeCount)  // Row-major n x treeCount.
        for i in 0..<n {
            for k in 0..<treeCount { raw[i * treeCount + k] = initial[k] }
        }
        var negativeGradient = [Double](repeating: 0, count: n * treeCount)  // Column-major: tree k's residuals.
        var stages = [[RegressionTree]]()
        stages.reserveCapacity(options.stageCount)
        let factor = classCount == 2 ? 1.0 : Double(classCount - 1) / Double(classCount)
        for _ in 0..<options.stageCount {
            computeNegativeGradient(raw: raw, labels: encoded, treeCount: treeCount, into: &negativeGradient)
            let generators = (0..<treeCount).map { _ in generator.split() }
            var stage = [RegressionTree?](repeating: nil, count: treeCount)
            raw.withUnsafeMutableBufferPointer { rawBuffer in
                negativeGradient.withUnsafeBufferPointer { residuals in
                    stage.withUnsafeMutableBufferPointer { trees in
                        encoded.withUnsafeBufferPointer { y in
                            func growTree(_ k: Int) {
                                var treeGenerator = generators[k]
                                var leafOfRow = [Int32](repeating: 0, count: n)
                                let targets = UnsafeBufferPointer(rebasing: residuals[(k * n)..<((k + 1) * n)])
                                var tree = RegressionTree.grow(data, targets: targets, options: options.tree,
                                                               generator: &treeGenerator, leafOfRow: &leafOfRow)
                                let positive = classCount == 2 ? 1 : k
                                var numerator = [Double](repeating: 0, count: tree.nodes.count)
                                var denominator = [Double](repeating: 0, count: tree.nodes.count)
                                var rows = [Int](repeating: 0, count: tree.nodes.count)
                                for i in 0..<n {
                                    let leaf = Int(leafOfRow[i])
                                    let residual = targets[i]
                                    let probability = (y[i] == positive ? 1.0 : 0.0) - residual
                                    numerator[leaf] += residual
                                    denominator[leaf] += probability * (1 - probability)
                                    rows[leaf] += 1
                                }
                                for leaf in tree.nodes.indices where tree.nodes[leaf].isLeaf {
                                    let count = Double(rows[leaf])
                                    let num = numerator[leaf] / count * factor
                                    let den = denominator[leaf] / count
                                    tree.nodes[leaf].value = abs(den) < 1e-150 ? 0 : num / den
                                }
                                for i in 0..<n {
                                    rawBuffer[i * treeCount + k] += options.learningRate * tree.nodes[Int(leafOfRow[i])].value
                                }
                                trees[k] = tree
                            }
                            if parallelTrees {
                                Threading.parallelFor(treeCount, growTree)
                            } else {
                                for k in 0..<treeCount { growTree(k) }
                            }
                        }
                    }
                }
            }
            stages.append(stage.map { $0! })
        }
        var correct = 0
        for i in 0..<n {
            var best = 0
            if treeCount == 1 {
                best = raw[i] > 0 ? 1 : 0
            } else {
                for k in 1..<treeCount where raw[i * treeCount + k] > raw[i * treeCount + best] { best = k }
            }
            if best == encoded[i] { correct += 1 }
        }
        return GradientBoostingClassifier(classes: classes, initialRawPrediction: initial, stages: stages,
                                          learningRate: options.learningRate,
                                          featureImportances: importances(stages, featureCount: features.columnCount),
                                          trainingAccuracy: Double(correct) / Double(n))
    }

    /// Negative log-loss gradient `y_k - p_k` of every row, stored column-major by tree.
    private static func computeNegativeGradient(raw: [Double], labels: [Int], treeCount: Int, into out: inout [Double]) {
        let n = labels.count
        if treeCount == 1 {
            for i in 0..<n {
                let p = 1 / (1 + Foundation.exp(-raw[i]))
                out[i] = (labels[i] == 1 ? 1 : 0) - p
            }
            return
        }
        var exps = [Double](repeating: 0, count: treeCount)
        for i in 0..<n {
            var maximum = -Double.infinity
            for k in 0..<treeCount { maximum = max(maximum, raw[i * treeCount + k]) }
            var sum = 0.0
            for k in 0..<treeCount {
                exps[k] = Foundation.exp(raw[i * treeCount + k] - maximum)
                sum += exps[k]
            }
            for k in 0..<treeCount {
                out[k * n + i] = (labels[i] == k ? 1 : 0) - exps[k] / sum
            }
        }
    }

    /// scikit-learn's `feature_importances_`: mean unnormalised importance over trees that split, normalised.
    private static func importances(_ stages: [[RegressionTree]], featureCount: Int) -> [Double] {
        var total = [Double](repeating: 0, count: featureCount)
        var relevant = 0
        for stage in stages {
            for tree in stage where tree.nodes.count > 1 {
                let decrease = tree.impurityDecrease()
                for f in 0..<featureCount { total[f] += decrease[f] }
                relevant += 1
            }
        }
        guard relevant > 0 else { return total }
        let averaged = total.map { $0 / Double(relevant) }
        let sum = averaged.reduce(0, +)
        return sum > 0 ? averaged.map { $0 / sum } : averaged
    }
}
