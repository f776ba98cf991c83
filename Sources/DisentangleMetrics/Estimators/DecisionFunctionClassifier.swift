/// A classifier that scores the classes of every row with a decision function and predicts the best-scoring class,
/// as scikit-learn's `predict` does: the prediction and accuracy that ``LinearSVC``, ``LogisticRegression`` and
/// ``GradientBoostingClassifier`` share.
protocol DecisionFunctionClassifier {
    /// The class labels, ascending.
    var classes: [Int] { get }

    /// The scores of every row: one column (scoring `classes[1]`) with two classes, else one per class.
    func decisionFunction(_ features: CodeMatrix) -> [[Double]]
}

extension DecisionFunctionClassifier {
    /// The predicted class of every row: with one score column, `classes[1]` if the score is positive and
    /// `classes[0]` otherwise; else the first class with the largest score.
    func predictedClasses(_ features: CodeMatrix) -> [Int] {
        decisionFunction(features).map { raw in
            if raw.count == 1 { return raw[0] > 0 ? classes[1] : classes[0] }
            var best = 0
            for k in 1..<raw.count where raw[k] > raw[best] { best = k }
            return classes[best]
        }
    }

    /// The fraction of rows whose predicted class equals the label.
    func predictionAccuracy(features: CodeMatrix, labels: [Int]) -> Double {
        let correct = zip(predictedClasses(features), labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(correct) / Double(labels.count)
    }
}
