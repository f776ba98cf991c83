/// Z-scores training and test codes with the training mean and standard deviation (ddof 0), as
/// disentanglement_lib's `normalize_data` does; a constant training column gets standard deviation 1.
func standardize(train: CodeMatrix, test: CodeMatrix) -> (CodeMatrix, CodeMatrix) {
    let d = train.columnCount
    let columns = train.columns()
    let means = columns.map(mean)
    let deviations = (0..<d).map { j -> Double in
        let v = columns[j].reduce(0) { $0 + ($1 - means[j]) * ($1 - means[j]) } / Double(train.rowCount)
        return v > 0 ? v.squareRoot() : 1
    }
    func apply(_ m: CodeMatrix) -> CodeMatrix {
        var values = m.values
        for i in 0..<m.rowCount {
            for j in 0..<d { values[i * d + j] = (values[i * d + j] - means[j]) / deviations[j] }
        }
        return CodeMatrix(validated: m.rowCount, d, values)
    }
    return (apply(train), apply(test))
}
