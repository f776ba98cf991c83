import DisentangleNN
import DisentangleRuns
import DisentangleTensor
import Foundation

/// A checkpoint directory whose `checkpoint.json` is the input, next to small valid tensor files, read as a
/// run's checkpoint (`Checkpoint<RunConfiguration>`, as `disentangle train --resume` does).
let sidecarDirectory: URL = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("disentangle-fuzz-\(getpid())")
    let directory = root.appendingPathComponent("step-0000000003")
    try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let tensors = ["encoder.weight": Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])]
    try! SafeTensors(tensors: tensors, metadata: ["format": "pt", "step": "3"])
        .write(to: directory.appendingPathComponent("model.safetensors"))
    try! SafeTensors(tensors: ["encoder.weight.m": Tensor([1, 2, 3, 4])], metadata: ["checkpoint_step": "3"])
        .write(to: directory.appendingPathComponent("optimizer.safetensors"))
    return directory
}()

func fuzzCheckpointSidecar(_ data: Data) {
    try! data.write(to: sidecarDirectory.appendingPathComponent("checkpoint.json"))
    _ = try? Checkpoint<RunConfiguration>(contentsOf: sidecarDirectory)
}
