import DisentangleNN
import DisentangleTensor
import Foundation
import Testing

/// The Swift half of the checkpoint exchange with PyTorch, run by hand (see `Scripts/nn/checkpoint_exchange.py`):
///
/// 1. `DISENTANGLE_EXCHANGE_DIR=/tmp/exchange swift test -c release --filter CheckpointExchange` trains the deconv
///    VAE of the parity fixtures for 3 Adam steps and writes a checkpoint and its logits to the directory.
/// 2. `python3 Scripts/nn/checkpoint_exchange.py /tmp/exchange` loads them with `safetensors.torch.load_file`,
///    compares logits, resumes Adam in PyTorch for one more step and writes the result.
/// 3. Running step 1 again finds PyTorch's file and checks that Swift, resuming from its own checkpoint, takes the
///    same step.
@Suite("Checkpoint exchange with PyTorch", .enabled(if: ProcessInfo.processInfo.environment["DISENTANGLE_EXCHANGE_DIR"] != nil))
struct CheckpointExchangeTests {
    struct Configuration: Codable, Sendable {
        var architecture = "parity encoder + deconv decoder"
        var latents = 10
    }

    let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["DISENTANGLE_EXCHANGE_DIR"] ?? "/nonexistent")

    @Test func exchange() throws {
        let io = try ParityModels.fixture("parity_io.safetensors")
        let input = try #require(io["input"])
        let epsilon = try #require(io["epsilon"])
        let root = directory.appendingPathComponent("swift-run")
        let fromTorch = directory.appendingPathComponent("torch_after_step_4.safetensors")

        if !FileManager.default.fileExists(atPath: fromTorch.path) {
            let vae = try ParityModels.vae(decoder: "deconv")
            let adam = try Adam(for: vae, learningRate: 1e-3, epsilon: 1e-5)
            for _ in 0..<3 {
                adam.zeroGradients()
                vae.loss(input, epsilon: epsilon).loss.backward()
                adam.step()
            }
            try Checkpoint(model: vae, optimizer: adam, configuration: Configuration(), step: 3).write(to: root)
            let logits = withoutGradients { vae.loss(input, epsilon: epsilon).logits }
            try SafeTensors(tensors: ["logits": logits]).write(to: directory.appendingPathComponent("swift_logits.safetensors"))
            print("wrote \(root.path)/latest/{model,optimizer}.safetensors, checkpoint.json and swift_logits.safetensors")
            return
        }

        // PyTorch resumed from our checkpoint and took a 4th step; resume in Swift and compare.
        let checkpoint = try Checkpoint<Configuration>(contentsOf: root)
        let vae = try ParityModels.vae(decoder: "deconv")
        let adam = try Adam(for: vae)
        try checkpoint.restore(model: vae, optimizer: adam)
        adam.zeroGradients()
        vae.loss(input, epsilon: epsilon).loss.backward()
        adam.step()
        let torch = try SafeTensors(contentsOf: fromTorch)
        var worst = 0.0
        for (name, parameter) in vae.namedParameters() {
            let reference = try #require(torch[name], "PyTorch's file lacks \(name)")
            worst = max(worst, ParityModels.relativeError(parameter.value.scalars, reference.scalars))
        }
        print("Swift step 4 vs PyTorch step 4 (both resumed from the Swift checkpoint): max relative error \(worst)")
        #expect(worst < 1e-4)
        let torchVAE = try ParityModels.vae(decoder: "deconv")
        try torchVAE.load(torch)
        print("loaded \(fromTorch.lastPathComponent) (written by safetensors.torch.save_file) into the Swift model: \(torchVAE.parameterCount) parameters")
    }
}
