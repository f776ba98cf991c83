import ArgumentParser
import Disentangle
import Foundation

/// Runs `body` with SIGTERM and SIGINT stopping training at the end of a step: an interrupted run prints what
/// happened and exits with ``Interruption/exitStatus`` (75).
func interruptible<T>(_ body: () throws -> T) throws -> T {
    Interruption.install()
    do {
        return try body()
    } catch let interrupted as RunInterrupted {
        FileHandle.standardError.write(Data("\(interrupted)\n".utf8))
        throw ExitCode(Interruption.exitStatus)
    }
}

/// Runs `body` while holding `run`'s ``RunLock``, interruptibly (see ``interruptible(_:)``).
func withLockedRun<T>(_ run: RunDirectory, _ body: () throws -> T) throws -> T {
    try interruptible {
        let lock = try RunLock(run)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }
}
