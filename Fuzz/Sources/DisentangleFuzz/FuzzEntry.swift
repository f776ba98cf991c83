import Foundation

/// The harnesses by name; `DISENTANGLE_FUZZ_TARGET` picks the one a fuzzing process runs.
let harnesses: [String: @Sendable (Data) -> Void] = [
    "npy": fuzzNumPyArray,
    "npz": fuzzNPZArchive,
    "safetensors": fuzzSafeTensors,
    "idx": fuzzIDXArray,
    "checkpoint-sidecar": fuzzCheckpointSidecar,
    "run-config": fuzzRunConfiguration,
    "run-settings": fuzzRunSettings,
    "shapes3d": fuzzShapes3D,
    "mpi3d": fuzzMPI3D,
    "smallnorb": fuzzSmallNORB,
    "study-file": fuzzStudyFile,
]

nonisolated(unsafe) var selectedHarness: (@Sendable (Data) -> Void)?

/// libFuzzer's initialisation hook: selects the harness named by `DISENTANGLE_FUZZ_TARGET`.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    let name = ProcessInfo.processInfo.environment["DISENTANGLE_FUZZ_TARGET"] ?? ""
    guard let harness = harnesses[name] else {
        FileHandle.standardError.write(Data(
            "set DISENTANGLE_FUZZ_TARGET to one of: \(harnesses.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(2)
    }
    selectedHarness = harness
    return 0
}

/// libFuzzer's entry point: one input for the selected harness. Thrown errors are the expected outcome for bad
/// input; a crash, trap or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    selectedHarness?(data)
    return 0
}
