import DisentangleNN
import DisentangleRuns
import Foundation

/// Where a run of a study stands, read from its directory alone.
public enum StudyRunStatus: Sendable, Equatable, CustomStringConvertible {
    /// Nothing written yet.
    case pending
    /// A process holds the run's lock.
    case running
    /// Trained up to a checkpoint at `step`, not finished (interrupted or preempted).
    case partial(step: Int)
    /// Trained and evaluated.
    case finished
    /// Stopped by the recorded error.
    case failed(error: String)

    /// The status of `run`'s directory in `directory`.
    public init(of run: StudyRun, in directory: StudyDirectory) {
        let runDirectory = directory.run(run)
        if RunLock.isHeld(runDirectory) {
            self = .running
        } else if let result = try? StudyRunResult.load(from: runDirectory.resultFile) {
            self = result.status == .finished ? .finished : .failed(error: result.error ?? "unknown error")
        } else if let step = try? RunCheckpoint.savedStep(at: runDirectory.checkpointDirectory) {
            self = .partial(step: step)
        } else {
            self = .pending
        }
    }

    /// One word: pending, running, partial, finished or failed.
    public var name: String {
        switch self {
        case .pending: return "pending"
        case .running: return "running"
        case .partial: return "partial"
        case .finished: return "finished"
        case .failed: return "failed"
        }
    }

    /// The word with the step or the error.
    public var description: String {
        switch self {
        case .partial(let step): return "partial (step \(step))"
        case .failed(let error): return "failed: \(error)"
        default: return name
        }
    }
}
