import Foundation

/// Runs every unfinished run of a study on this machine with `jobs` child processes of
/// `disentangle study run STUDY --index I`, each with `cores / jobs` threads (`DISENTANGLE_NUM_THREADS`), so
/// that the processes share the cores without oversubscribing them.
///
/// Each child's output goes to `RUN/output.log`. A progress line (done, failed, running, ETA) is printed as runs
/// end. On SIGTERM or SIGINT the children are told to stop (they checkpoint at the end of their step).
public struct LocalPool {
    /// The `disentangle` executable.
    public var executable: URL
    /// The study file.
    public var studyFile: URL
    /// The study directory.
    public var directory: StudyDirectory
    /// Child processes at once.
    public var jobs: Int
    /// Threads per child.
    public var threadsPerJob: Int

    /// A pool of `jobs` processes over `cores` cores.
    public init(executable: URL, studyFile: URL, directory: StudyDirectory, jobs: Int, cores: Int) throws {
        guard jobs > 0 else { throw StudyError("--jobs must be positive, got \(jobs)") }
        self.executable = executable
        self.studyFile = studyFile
        self.directory = directory
        self.jobs = jobs
        self.threadsPerJob = max(1, cores / jobs)
    }

    /// What the pool did.
    public struct Summary: Sendable, Equatable {
        /// Runs that were already finished.
        public var skipped: Int
        /// Runs that finished now.
        public var finished: Int
        /// Runs whose process failed (see their `result.json` and `output.log`).
        public var failed: Int
        /// Runs stopped by a signal before finishing.
        public var interrupted: Int
    }

    /// Runs `runs` (skipping the finished ones), calling `progress` with a line after each run ends.
    public func run(_ runs: [StudyRun], stopRequested: () -> Bool, progress: (String) -> Void) throws -> Summary {
        var summary = Summary(skipped: 0, finished: 0, failed: 0, interrupted: 0)
        var queue: [StudyRun] = []
        for run in runs {
            if StudyRunStatus(of: run, in: directory) == .finished { summary.skipped += 1 } else { queue.append(run) }
        }
        progress("\(runs.count) runs: \(summary.skipped) already finished, \(queue.count) to run with \(jobs) processes of \(threadsPerJob) threads")
        let began = Date()
        var running: [(run: StudyRun, process: Process)] = []
        var signalled = false
        while !queue.isEmpty || !running.isEmpty {
            if stopRequested() && !signalled {
                signalled = true
                queue.removeAll()
                for child in running { child.process.terminate() }
            }
            while running.count < jobs, !queue.isEmpty {
                let run = queue.removeFirst()
                running.append((run, try launch(run)))
            }
            var ended: [Int] = []
            for (position, child) in running.enumerated() where !child.process.isRunning {
                ended.append(position)
                switch child.process.terminationStatus {
                case 0:
                    if StudyRunStatus(of: child.run, in: directory) == .finished { summary.finished += 1 } else { summary.failed += 1 }
                case 75: summary.interrupted += 1
                default: summary.failed += 1
                }
            }
            for position in ended.reversed() { running.remove(at: position) }
            if !ended.isEmpty {
                let done = summary.finished + summary.failed
                let elapsed = Date().timeIntervalSince(began)
                let remaining = queue.count + running.count
                let eta = done > 0 ? Self.duration(elapsed / Double(done) * Double(remaining)) : "?"
                progress("[\(summary.finished + summary.skipped)/\(runs.count) done, \(summary.failed) failed, \(running.count) running"
                    + (summary.interrupted > 0 ? ", \(summary.interrupted) interrupted" : "") + "] ETA \(eta)")
            }
            if !running.isEmpty { Thread.sleep(forTimeInterval: 0.2) }
        }
        return summary
    }

    private func launch(_ run: StudyRun) throws -> Process {
        let runDirectory = directory.run(run)
        try FileManager.default.createDirectory(at: runDirectory.url, withIntermediateDirectories: true)
        let logURL = runDirectory.url.appendingPathComponent("output.log")
        if !FileManager.default.fileExists(atPath: logURL.path) { _ = FileManager.default.createFile(atPath: logURL.path, contents: nil) }
        let log = try FileHandle(forWritingTo: logURL)
        try log.seekToEnd()
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "study", "run", studyFile.path, "--directory", directory.url.path, "--index", String(run.index),
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["DISENTANGLE_NUM_THREADS"] = String(threadsPerJob)
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw StudyError("cannot start \(executable.path): \(error.localizedDescription)")
        }
        try log.close()
        return process
    }

    /// Seconds as `1h02m`, `3m04s` or `12s`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60)
            : s >= 60 ? String(format: "%dm%02ds", s / 60, s % 60) : "\(s)s"
    }
}
