import DisentangleTensor
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system layout of a checkpoint root and its atomic updates.
///
/// ```
/// root/
///   latest -> step-0000001000          (symbolic link, replaced atomically)
///   step-0000001000/
///     checkpoint.json  model.safetensors  optimizer.safetensors
/// ```
/// A save fills a hidden temporary directory, flushes it, renames it to a new `step-*` name, then replaces the
/// `latest` link by renaming a new link over it. Each step is a single `rename`, so a process killed at any point
/// leaves `latest` pointing at a complete checkpoint (at worst a stray hidden directory remains, removed by the
/// next save).
enum CheckpointDirectory {
    /// The name of the link to the newest checkpoint.
    static let latestName = "latest"
    /// The prefix of step directories.
    static let stepPrefix = "step-"
    /// The prefix of unfinished saves.
    static let temporaryPrefix = ".tmp-"
    /// The sidecar's file name.
    static let sidecarName = "checkpoint.json"
    /// The model parameters' file name.
    static let modelName = "model.safetensors"
    /// The optimiser state's file name.
    static let optimizerName = "optimizer.safetensors"
    /// The sidecar's `format` value.
    static let formatName = "swift-disentangle-checkpoint"
    /// The sidecar version this library writes and reads.
    static let currentVersion = 1

    /// Creates `root` if needed and removes unfinished saves left by killed processes.
    static func prepare(_ root: URL) throws {
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: root.path)
            where name.hasPrefix(temporaryPrefix) || name.hasPrefix(".\(latestName).tmp-") {
                try FileManager.default.removeItem(at: root.appendingPathComponent(name))
            }
        } catch {
            throw CheckpointError(path: root.path, "cannot prepare the checkpoint directory (\(error.localizedDescription))")
        }
    }

    /// A new, empty hidden directory inside `root` to assemble a checkpoint in.
    static func makeTemporary(in root: URL) throws -> URL {
        let url = root.appendingPathComponent(temporaryPrefix + UUID().uuidString)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        } catch {
            throw CheckpointError(path: url.path, "cannot create a temporary directory (\(error.localizedDescription))")
        }
        return url
    }

    /// Renames the finished `temporary` directory to a fresh `step-*` name, points `latest` at it, and returns
    /// its final location.
    static func commit(_ temporary: URL, step: Int, in root: URL) throws -> URL {
        let base = stepPrefix + String(repeating: "0", count: max(0, 10 - String(step).count)) + String(step)
        var name = base
        var suffix = 1
        while FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path) {
            name = "\(base).\(suffix)"
            suffix += 1
        }
        let final = root.appendingPathComponent(name)
        try renameOrThrow(temporary, final)
        try AtomicFile.synchronizeDirectory(root.path)
        let link = root.appendingPathComponent(".\(latestName).tmp-" + UUID().uuidString)
        guard symlink(name, link.path) == 0 else {
            throw CheckpointError(path: link.path, "cannot create a link (\(String(cString: strerror(errno))))")
        }
        try renameOrThrow(link, root.appendingPathComponent(latestName))
        try AtomicFile.synchronizeDirectory(root.path)
        return final
    }

    /// Removes all but the `keep` newest step directories (by name), never the one `latest` points at.
    static func prune(_ root: URL, keeping keep: Int) throws {
        let current = try? FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent(latestName).path)
        do {
            let steps = try FileManager.default.contentsOfDirectory(atPath: root.path)
                .filter { $0.hasPrefix(stepPrefix) }
                .sorted(by: stepOrder)
            for name in steps.dropLast(max(keep, 1)) where name != current {
                try FileManager.default.removeItem(at: root.appendingPathComponent(name))
            }
        } catch {
            throw CheckpointError(path: root.path, "cannot remove old checkpoints (\(error.localizedDescription))")
        }
    }

    /// The prefix a checkpoint that did not read back is renamed to (kept for inspection, never read or pruned).
    static let unreadablePrefix = "unreadable-"

    /// The checkpoint directories under `root`, most preferred first: the one `latest` points at, then the other
    /// `step-*` directories from the newest step down; `[root]` if `root` is itself a checkpoint directory, and
    /// empty if it holds no checkpoint (or does not exist).
    static func candidates(_ root: URL) -> [URL] {
        let manager = FileManager.default
        if manager.fileExists(atPath: root.appendingPathComponent(sidecarName).path) { return [root] }
        let steps = ((try? manager.contentsOfDirectory(atPath: root.path)) ?? [])
            .filter { $0.hasPrefix(stepPrefix) }
            .sorted(by: stepOrder)
            .reversed()
        let current = try? manager.destinationOfSymbolicLink(atPath: root.appendingPathComponent(latestName).path)
        let ordered = steps.filter { $0 == current } + steps.filter { $0 != current }
        return ordered.map { root.appendingPathComponent($0) }
    }

    /// Renames the step directory `directory` inside `root` to `unreadable-<name>`, out of reading and pruning.
    static func setAside(_ directory: URL, in root: URL) throws {
        var destination = root.appendingPathComponent(unreadablePrefix + directory.lastPathComponent)
        var suffix = 1
        while FileManager.default.fileExists(atPath: destination.path) {
            destination = root.appendingPathComponent("\(unreadablePrefix)\(directory.lastPathComponent)-\(suffix)")
            suffix += 1
        }
        try renameOrThrow(directory, destination)
        try AtomicFile.synchronizeDirectory(root.path)
    }

    /// The directory holding the checkpoint files: `root/latest` if it exists, else `root` itself.
    static func resolve(_ root: URL) -> URL {
        let latest = root.appendingPathComponent(latestName)
        if FileManager.default.fileExists(atPath: latest.appendingPathComponent(sidecarName).path) {
            return latest
        }
        return root
    }

    /// Orders `step-<digits>[.<suffix>]` names by step, then by suffix.
    private static func stepOrder(_ a: String, _ b: String) -> Bool {
        func key(_ name: String) -> (Int, Int) {
            let parts = name.dropFirst(stepPrefix.count).split(separator: ".", maxSplits: 1)
            return (Int(parts.first ?? "") ?? -1, parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
        }
        return key(a) < key(b)
    }

    private static func renameOrThrow(_ source: URL, _ destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw CheckpointError(
                path: destination.path, "cannot rename \(source.lastPathComponent) into place (\(String(cString: strerror(errno))))")
        }
    }
}
