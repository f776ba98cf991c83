import DisentangleStudies
import Foundation

/// A study file (YAML, or JSON, which Yams reads as YAML): parsed by `Study(yaml:)`, then expanded into its runs
/// with their settings resolved and identified, as `disentangle study plan` does before anything is trained.
/// (Datasets are not opened: a fuzzed `dataset` would name arbitrary files.)
func fuzzStudyFile(_ data: Data) {
    guard let text = String(data: data, encoding: .utf8) else { return }
    guard let study = try? Study(yaml: text, source: "fuzz.yaml") else { return }
    guard let runs = try? study.runs() else { return }
    for run in runs.prefix(8) {
        _ = run.label(keys: study.axisKeys)
        _ = try? StudyRun.canonicalSettings(run.resolved)
    }
}
