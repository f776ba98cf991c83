import Foundation

extension RunDirectory {
    /// The training output the directory holds: `checkpoints/` entries (other than unfinished saves) and a
    /// non-empty `log.jsonl`, as paths relative to the directory; empty if it holds none (or does not exist).
    ///
    /// A directory without ``holdsRun`` but with training output cannot be continued (its settings are gone) and
    /// is not started over either: ``RunTraining`` refuses it rather than mix a new run with the old files. What
    /// a run killed before writing `config.json` leaves (`lock`, unfinished temporary files) is not output.
    public var trainingOutput: [String] {
        let manager = FileManager.default
        let checkpoints = ((try? manager.contentsOfDirectory(atPath: checkpointDirectory.path)) ?? [])
            .filter { !$0.hasPrefix(".") }
            .sorted()
            .map { "checkpoints/\($0)" }
        let logSize = (try? manager.attributesOfItem(atPath: logFile.path)[.size]) as? NSNumber
        return checkpoints + ((logSize?.intValue ?? 0) > 0 ? ["log.jsonl"] : [])
    }

    /// Throws unless the directory is free for a new run: no ``holdsRun`` and no ``trainingOutput``.
    func checkFreeForNewRun() throws {
        if holdsRun {
            throw RunError("\(url.path) already holds a run; resume it or choose another directory")
        }
        let output = trainingOutput
        guard output.isEmpty else {
            throw RunError(
                "\(url.path) holds training output (\(output.joined(separator: ", "))) but no run configuration "
                    + "(config.json), so it can be neither continued nor started over: restore its config.json, or "
                    + "move those files away or choose another directory (nothing was changed)")
        }
    }
}
