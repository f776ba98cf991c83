/// An error a metric throws when its input cannot be scored, naming what is wrong.
///
/// Metrics validate everything a caller passes at run time (shapes, finiteness, factor variation, options) and
/// throw one of these instead of trapping or returning NaN.
public enum MetricError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The named input has no rows or no columns.
    case emptyInput(String)
    /// Row `row` of the named input has `found` entries where `expected` were expected.
    case raggedRows(input: String, row: Int, expected: Int, found: Int)
    /// A flat buffer's length does not equal rows x columns.
    case wrongElementCount(input: String, expected: Int, found: Int)
    /// The named input is not a rank-2 tensor.
    case notAMatrix(input: String, shape: [Int])
    /// Codes and factors (or two paired inputs) have different numbers of rows.
    case rowCountMismatch(codes: Int, factors: Int)
    /// The named input holds a NaN or an infinity at (`row`, `column`).
    case nonFinite(input: String, row: Int, column: Int)
    /// A factor takes a single value on the rows a metric needs to vary it on, so the metric is undefined for it.
    case constantFactor(metric: String, factor: Int)
    /// An option has a value the metric cannot use.
    case invalidOption(String)
    /// The metric needs at least `needed` rows in the named part of the data.
    case tooFewRows(metric: String, needed: Int, found: Int)
    /// A representation function returned codes of the wrong shape.
    case representationShape(expectedRows: Int, foundRows: Int, expectedColumns: Int?, foundColumns: Int)
    /// A file of codes or factors that cannot be used as such (`problem` says why).
    case unusableFile(path: String, problem: String)
    /// A metric name that is not registered in ``MetricRegistry`` (with the names that are).
    case unknownMetric(String, known: [String])

    /// A sentence describing the problem.
    public var description: String {
        switch self {
        case .emptyInput(let input):
            return "\(input) is empty: metrics need at least one row and one column"
        case .raggedRows(let input, let row, let expected, let found):
            return "\(input) row \(row) has \(found) entries, expected \(expected) like row 0"
        case .wrongElementCount(let input, let expected, let found):
            return "\(input) has \(found) values, expected rows x columns = \(expected)"
        case .notAMatrix(let input, let shape):
            return "\(input) must be a rank-2 tensor (rows x columns), got shape \(shape)"
        case .rowCountMismatch(let codes, let factors):
            return "codes have \(codes) rows but factors have \(factors): each row of codes must pair with a row of factors"
        case .nonFinite(let input, let row, let column):
            return "\(input) holds a NaN or infinite value at row \(row), column \(column)"
        case .constantFactor(let metric, let factor):
            return "\(metric) is undefined for factor \(factor): it takes a single value on the rows used"
        case .invalidOption(let message):
            return "invalid option: \(message)"
        case .tooFewRows(let metric, let needed, let found):
            return "\(metric) needs at least \(needed) rows, got \(found)"
        case .representationShape(let expectedRows, let foundRows, let expectedColumns, let foundColumns):
            let columns = expectedColumns.map { " x \($0)" } ?? ""
            return "the representation function returned \(foundRows) x \(foundColumns) codes, expected \(expectedRows)\(columns)"
        case .unusableFile(let path, let problem):
            return "\(path): \(problem)"
        case .unknownMetric(let name, let known):
            return "unknown metric '\(name)'; known metrics: \(known.joined(separator: ", ")), all"
        }
    }
}
