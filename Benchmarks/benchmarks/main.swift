import Disentangle
import Foundation

// `swift run -c release benchmarks [FILTER ...]` prints one JSON object per line: {"name", "value", "unit", ...}.
// Groups: conv (sgemm and convolution GFLOP/s), datasets, stored (reading images stored in files), metrics, training (training.<architecture> selects one architecture), longrun
// (1000 steps of `disentangle train`'s code path; memory growth). With filters, only the matching groups run. Set DISENTANGLE_NUM_THREADS to choose the thread count.
let filters = Array(CommandLine.arguments.dropFirst())

/// Whether a benchmark group (or a single entry) is selected by the command-line filters.
func isSelected(_ name: String) -> Bool {
    filters.isEmpty || filters.contains { name.hasPrefix($0) || $0.hasPrefix(name + ".") }
}

do {
    if isSelected("conv") { runConvolutionBenchmarks() }
    if isSelected("datasets") { runDatasetsBenchmarks() }
    if isSelected("stored") { try runStoredImagesBenchmarks() }
    if isSelected("metrics") { runMetricsBenchmarks() }
    try runTrainingBenchmarks(selected: isSelected)
    if isSelected("longrun") { try runLongRunBenchmark() }
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
    exit(1)
}
