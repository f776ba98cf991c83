import DisentangleModels
import DisentangleNN
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// A small tmpfs mounted for a test, so that the disk can really fill up or turn read-only. Mounting needs root
/// with CAP_SYS_ADMIN; elsewhere ``make(kilobytes:)`` returns nil and the tests that need it are disabled.
final class SmallFileSystem {
    let url: URL

    private init(url: URL) { self.url = url }

    /// Whether this process may mount file systems.
    static let available: Bool = {
        guard getuid() == 0, let probe = make(kilobytes: 64) else { return false }
        _ = probe
        return true
    }()

    static func make(kilobytes: Int) -> SmallFileSystem? {
        let url = temporaryDirectory("tmpfs")
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", url.path]) else {
            try? FileManager.default.removeItem(at: url)
            return nil
        }
        return SmallFileSystem(url: url)
    }

    /// Fills the file system with a filler file, then gives `free` bytes back.
    func fill(leavingFree free: Int) throws {
        let filler = url.appendingPathComponent("filler")
        #expect(FileManager.default.createFile(atPath: filler.path, contents: nil))
        let handle = try FileHandle(forWritingTo: filler)
        let block = Data(count: 4096)
        while (try? handle.write(contentsOf: block)) != nil {}
        try handle.truncate(atOffset: max(0, try handle.offset() - UInt64(free)))
        try handle.close()
    }

    /// Removes the filler file.
    func free() throws { try FileManager.default.removeItem(at: url.appendingPathComponent("filler")) }

    func remount(readOnly: Bool) -> Bool {
        Self.run("/bin/mount", ["-o", readOnly ? "remount,ro" : "remount,rw", url.path])
    }

    deinit {
        _ = Self.run("/bin/umount", [url.path])
        try? FileManager.default.removeItem(at: url)
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// A full disk or a read-only run directory while training: a clear error, and the previous checkpoint intact.
@Suite("Storage faults", .enabled(if: SmallFileSystem.available, "needs root allowed to mount a tmpfs"))
struct StorageFaultTests {
    let options = TrainingOptions(batchSize: 8, learningRate: 1e-3, seed: 4, checkpointEvery: 2, printEvery: 0)

    func trainer(_ directory: URL) throws -> Trainer<TestConfiguration> {
        try Trainer(
            vae: try makeVAE(seed: 1) { _ in try BetaKLRegularizer(beta: 1) }, data: try InMemoryTrainingData(observations: toyObservations()),
            options: options, configuration: TestConfiguration(name: "storage"), runDirectory: directory)
    }

    @Test func fullDiskWhileCheckpointingFailsClearlyAndKeepsThePreviousCheckpoint() throws {
        let disk = try #require(SmallFileSystem.make(kilobytes: 512))
        let run = disk.url.appendingPathComponent("run")
        try trainer(run).train(until: 2)
        // Room for the log lines of two more steps, not for another checkpoint (about 17 kB of tensors).
        try disk.fill(leavingFree: 6 * 1024)
        let error = try #require(throws: (any Error).self) { try trainer(run).train(until: 4) }
        print("full disk: \(error)")
        #expect("\(error)".contains("No space left on device"), "\(error)")
        #expect("\(error)".contains(run.appendingPathComponent("checkpoints").path), "\(error)")
        let names = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("checkpoints").path).sorted()
        #expect(names == ["latest", "step-0000000002"], "no debris is left: \(names)")
        // With room again, the run resumes from the intact checkpoint.
        try disk.free()
        let resumed = try trainer(run)
        #expect(try resumed.resume() == 2)
        try resumed.train(until: 4)
    }

    @Test func readOnlyRunDirectoryFailsClearlyAndKeepsThePreviousCheckpoint() throws {
        let disk = try #require(SmallFileSystem.make(kilobytes: 512))
        let run = disk.url.appendingPathComponent("run")
        let first = try trainer(run)
        try first.train(until: 2)
        try #require(disk.remount(readOnly: true))
        let error = try #require(throws: (any Error).self) { try first.writeCheckpoint() }
        print("read-only run directory, checkpoint: \(error)")
        #expect("\(error)".lowercased().contains("read only") && "\(error)".contains(run.path), "\(error)")
        let training = try #require(throws: (any Error).self) { try first.train(until: 4) }
        print("read-only run directory, training: \(training)")
        #expect("\(training)".contains(run.path), "\(training)")
        #expect(try Checkpoint<TestConfiguration>(contentsOf: run.appendingPathComponent("checkpoints")).step == 2)
        #expect(disk.remount(readOnly: false))
    }
}
