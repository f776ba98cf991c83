/// One dimension of a study's grid: one setting with a list of values, or several settings zipped together (their
/// lists have one length and the i-th values go together).
public struct StudyAxis: Sendable, Equatable {
    /// The settings the axis sets, in file order.
    public var keys: [String]
    /// The axis's points: each holds one value per key, in ``keys`` order.
    public var points: [[StudyValue]]
    /// The line of the study file where the axis is defined, if it came from a file.
    public var line: Int?

    /// An axis setting `keys` to each of `points` in turn.
    public init(keys: [String], points: [[StudyValue]], line: Int? = nil) {
        self.keys = keys
        self.points = points
        self.line = line
    }

    /// An axis setting one key to each of `values` in turn.
    public init(key: String, values: [StudyValue], line: Int? = nil) {
        self.init(keys: [key], points: values.map { [$0] }, line: line)
    }
}
