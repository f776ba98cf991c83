import DisentangleRuns
import Foundation

/// A study's run settings (flat `disentangle train` options as JSON): decoded, then checked and resolved into a
/// run configuration as a study does before training.
func fuzzRunSettings(_ data: Data) {
    guard let settings = try? JSONDecoder().decode(RunSettings.self, from: data) else { return }
    _ = try? settings.configuration()
}
