import DisentangleRuns
import Foundation

/// Where a study keeps its runs and results: `runs/ID/` (one run directory per ``StudyRun/id``),
/// `results.csv`, `results.json`, `report/index.html` and `slurm/` (the job script and the tasks' logs).
public struct StudyDirectory: Sendable {
    /// The study's directory.
    public let url: URL

    /// A study directory at `url` (which need not exist yet).
    public init(_ url: URL) {
        self.url = url
    }

    /// The directory of one run.
    public func run(_ run: StudyRun) -> RunDirectory {
        RunDirectory(url.appendingPathComponent("runs").appendingPathComponent(run.id))
    }

    /// `results.csv`: one row per run.
    public var csvFile: URL { url.appendingPathComponent("results.csv") }
    /// `results.json`: one object per run.
    public var jsonFile: URL { url.appendingPathComponent("results.json") }
    /// `report/`: the HTML report with the study's plots.
    public var reportDirectory: URL { url.appendingPathComponent("report") }
    /// `slurm/`: the job-array script and the tasks' output.
    public var slurmDirectory: URL { url.appendingPathComponent("slurm") }
}
