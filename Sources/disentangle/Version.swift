import ArgumentParser
import Disentangle

/// `disentangle version`: prints the library version and the threading configuration.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version and the compute configuration.")

    func run() throws {
        print("swift-disentangle \(LibraryInfo.version)")
        print("threads: \(Threading.threadCount) (set DISENTANGLE_NUM_THREADS to change; OpenBLAS pinned to 1)")
    }
}
