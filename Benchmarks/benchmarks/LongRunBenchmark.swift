import Disentangle
import Foundation

/// A long run through `disentangle train`'s own code path (``RunTraining``: data sampling, log, checkpoints every
/// 100 steps, a resume), printing images/s and how much the process's peak resident memory grew between the end of
/// step 100 (its first checkpoint written) and the last step (`peak_rss_growth_mib`: flat memory means about 0).
///
/// Model: MLP encoder and decoder on `circles-32` (27 MB of parameters, 81 MB per checkpoint), batch 64.
/// Set `BENCH_LONG_STEPS` (default 1000) for the total number of steps.
func runLongRunBenchmark() throws {
    let steps = ProcessInfo.processInfo.environment["BENCH_LONG_STEPS"].flatMap(Int.init) ?? 1000
    let directory = RunDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("long-run-\(UUID().uuidString)"))
    defer { try? FileManager.default.removeItem(at: directory.url) }
    var settings = RunSettings()
    settings.model = .betaVAE
    settings.encoder = .mlp
    settings.decoder = .mlp
    settings.steps = min(100, steps)
    settings.checkpointEvery = 100
    settings.printEvery = 0
    let start = Date()
    try RunTraining.start(try settings.configuration(), in: directory, message: { _ in })
    let peakAfterFirstCheckpoint = peakResidentMemoryMiB()
    try RunTraining.resume(directory, steps: steps, message: { _ in })
    let seconds = Date().timeIntervalSince(start)
    let peak = peakResidentMemoryMiB()
    printBenchmark(
        name: "longrun.mlp-32", value: Double(steps * settings.batchSize) / seconds, unit: "images/s",
        extra: ["threads": Double(Threading.threadCount), "peak_rss_mib": peak,
                "peak_rss_growth_mib": peak - peakAfterFirstCheckpoint, "steps": Double(steps)])
}
