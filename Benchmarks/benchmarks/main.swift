import Disentangle
import Foundation

// `swift run -c release benchmarks [FILTER ...]` prints one JSON object per line: {"name", "value", "unit", ...}.
// With filters, only entries whose name starts with one of them run (for example `training.sbd-paper-64`,
// `conv`, `datasets`). Set DISENTANGLE_NUM_THREADS to choose the thread count.
let filters = Array(CommandLine.arguments.dropFirst())
let selected: (String) -> Bool = { name in filters.isEmpty || filters.contains { name.hasPrefix($0) } }

do {
    try runTrainingBenchmarks(selected: selected)
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
    exit(1)
}
