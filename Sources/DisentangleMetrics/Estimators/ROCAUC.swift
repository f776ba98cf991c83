/// The area under the ROC curve of scores against binary labels, as `sklearn.metrics.roc_auc_score` computes it
/// for one column: the probability that a random positive outscores a random negative, ties counting one half
/// (identical to the trapezoidal area under the ROC curve).
package enum ROCAUC {
    /// The AUC of `scores` for `positive` labels, or `nil` if either class is absent (the AUC is undefined).
    package static func score(labels positive: [Bool], scores: [Double]) -> Double? {
        precondition(positive.count == scores.count, "ROC AUC needs one score per label")
        let positives = positive.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = positive.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        // Sum of the (tie-averaged, 1-based) ranks of the positives.
        var rankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && scores[order[end]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + 1 + end) / 2
            for r in start..<end where positive[order[r]] { rankSum += averageRank }
            start = end
        }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// The macro average over classes of the one-vs-rest AUC of each probability column, as
    /// `roc_auc_score(MultiLabelBinarizer().fit_transform(y[:, None]), probabilities)` computes it.
    ///
    /// Classes absent from `labels` (or present in every row) are skipped, since their AUC is undefined;
    /// returns `nil` if no class can be scored.
    package static func macroOneVsRest(labels: [Int], classes: [Int], probabilities: [[Double]]) -> Double? {
        var total = 0.0
        var scored = 0
        for (k, c) in classes.enumerated() {
            if let auc = score(labels: labels.map { $0 == c }, scores: probabilities.map { $0[k] }) {
                total += auc
                scored += 1
            }
        }
        return scored > 0 ? total / Double(scored) : nil
    }
}
