/// Validates that codes and factors pair up row by row.
func checkPaired(_ codes: CodeMatrix, _ factors: FactorMatrix) throws {
    guard codes.rowCount == factors.rowCount else {
        throw MetricError.rowCountMismatch(codes: codes.rowCount, factors: factors.rowCount)
    }
}
