/// The arithmetic mean of a non-empty array.
func mean(_ values: [Double]) -> Double {
    values.reduce(0, +) / Double(values.count)
}
