/// The options of a metric whose only choice is how codes are discretised (``JEMMIG``, ``DCIMIG``, ``Modularity``,
/// ``UnsupervisedScores``): a histogram of 20 bins by default, disentanglement_lib's.
public struct HistogramOptions: Sendable, Equatable, Codable {
    /// The histogram used to discretise each code.
    public var discretizer: HistogramDiscretizer

    /// Creates options; the default is a 20-bin histogram.
    public init(discretizer: HistogramDiscretizer = HistogramDiscretizer(binCount: 20)) {
        self.discretizer = discretizer
    }
}
