import Foundation

/// disentanglement_lib's split of one array into training and test rows: the first `ceil(N * fraction)` rows
/// train and the remaining rows test (`utils.split_train_test`).
package struct TrainTestSplit: Sendable, Equatable, Codable {
    /// The total number of rows.
    package let rowCount: Int
    /// The number of leading rows used for training.
    package let trainCount: Int

    /// The number of trailing rows used for testing.
    package var testCount: Int { rowCount - trainCount }
    /// The training rows.
    package var trainRows: Range<Int> { 0..<trainCount }
    /// The test rows.
    package var testRows: Range<Int> { trainCount..<rowCount }

    /// Splits `rowCount` rows with `trainFraction` in (0, 1].
    ///
    /// - Throws: ``MetricError/invalidOption(_:)`` for a fraction outside (0, 1].
    package init(rowCount: Int, trainFraction: Double) throws {
        guard trainFraction > 0, trainFraction <= 1, trainFraction.isFinite else {
            throw MetricError.invalidOption("train fraction must be in (0, 1], got \(trainFraction)")
        }
        self.rowCount = rowCount
        self.trainCount = min(rowCount, Int((Double(rowCount) * trainFraction).rounded(.up)))
    }

    /// Throws unless both parts hold at least one row (for metrics that score on held-out rows).
    func requireBothParts(metric: String) throws {
        guard trainCount >= 1 else { throw MetricError.tooFewRows(metric: "\(metric) (training rows)", needed: 1, found: trainCount) }
        guard testCount >= 1 else { throw MetricError.tooFewRows(metric: "\(metric) (test rows)", needed: 1, found: testCount) }
    }
}
