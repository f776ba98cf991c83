import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM and SIGINT as a request to stop training at the end of the current step.
///
/// After ``install()``, the first SIGTERM or SIGINT sets ``requested`` (training writes a checkpoint at the end of
/// its step and ``RunTraining`` throws ``RunInterrupted``); a second one of the same kind ends the process at
/// once. Commands that catch ``RunInterrupted`` exit with ``exitStatus``.
public enum Interruption {
    /// The exit status of a process that stopped on SIGTERM or SIGINT after checkpointing: 75 (`EX_TEMPFAIL`):
    /// run the same command again to continue.
    public static let exitStatus: Int32 = 75

    private static let signalNumber = Atomic<Int32>(0)

    /// Installs the handlers of SIGTERM and SIGINT and unblocks both in the calling thread (a process started from
    /// a thread that blocks them, as test runners' worker threads do, inherits the blocked mask across `exec`).
    public static func install() {
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGTERM)
        sigaddset(&unblocked, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        for number in [SIGTERM, SIGINT] {
            signal(number) { received in
                Interruption.signalNumber.store(received, ordering: .relaxed)
                signal(received, SIG_DFL)  // a second signal of the same kind ends the process
            }
        }
    }

    /// The signal that asked to stop, if one did.
    public static var requested: Int32? {
        let number = signalNumber.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// The name of a signal number (`SIGTERM`, `SIGINT`).
    public static func name(of number: Int32) -> String {
        switch number {
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        default: return "signal \(number)"
        }
    }
}

/// Training stopped on SIGTERM or SIGINT after writing a checkpoint at the end of `step`.
public struct RunInterrupted: Error, CustomStringConvertible, Sendable {
    /// The run.
    public let directory: RunDirectory
    /// The step of the checkpoint written before stopping.
    public let step: Int
    /// The signal that asked to stop.
    public let signal: Int32

    /// Creates the error.
    public init(directory: RunDirectory, step: Int, signal: Int32) {
        self.directory = directory
        self.step = step
        self.signal = signal
    }

    /// What happened and how to continue.
    public var description: String {
        "\(Interruption.name(of: signal)): stopped \(directory.url.path) at step \(step) after writing its checkpoint; "
            + "run the same command again to continue"
    }
}
