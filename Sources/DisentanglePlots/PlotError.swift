/// An error thrown when data passed to a plotting, image or report function cannot be drawn or written.
///
/// The message names the function, the offending argument and what was expected, for example
/// `"BarChart: series \"SBD\" has 9 values but there are 10 categories"`.
public struct PlotError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A human-readable explanation naming the function, the argument and the expectation.
    public let description: String

    /// Creates an error with the given explanation.
    public init(_ description: String) {
        self.description = description
    }
}
