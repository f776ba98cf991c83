/// Grid indices of a dataset divided into a training part and a held-out test part.
public struct DatasetSplit: Sendable, Equatable {
    /// Grid indices outside the held-out region, ascending.
    public let train: [Int]
    /// Grid indices inside the held-out region, ascending.
    public let test: [Int]
}
