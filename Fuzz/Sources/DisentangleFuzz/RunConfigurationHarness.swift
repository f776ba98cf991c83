import DisentangleRuns
import Foundation

/// A run's `config.json`: decoded and validated as `disentangle train --resume` does before building the model.
let configurationFile = FileManager.default.temporaryDirectory.appendingPathComponent("disentangle-fuzz-config-\(getpid()).json")

func fuzzRunConfiguration(_ data: Data) {
    try! data.write(to: configurationFile)
    guard let configuration = try? RunConfiguration.load(from: configurationFile) else { return }
    _ = try? configuration.model.validate()
    _ = try? configuration.training.validate()
}
