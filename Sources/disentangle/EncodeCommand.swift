import ArgumentParser
import Disentangle
import Foundation

/// `disentangle encode`: posterior means (and optionally log-variances) of images, as .npy or a .png heat map.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode", abstract: "Encode images with a trained model into latent codes (posterior means).")

    @Option(name: .customLong("run"), help: "A run directory written by `disentangle train`.")
    var runDirectory: String

    @Option(help: "Images as .npy: N x C x H x W or N x H x W (one channel); floats in [0, 1] or uint8 in 0...255.")
    var input: String

    @Option(help: "Where to write the codes: .npy (N x latents float32) or .png (a heat map, one row per image).")
    var output: String

    @Option(help: "Also write the posterior log-variances (N x latents) to this .npy or .png file.")
    var logVarianceOutput: String?

    func validate() throws {
        _ = try OutputFile(output, option: "--output")
        if let logVarianceOutput { _ = try OutputFile(logVarianceOutput, option: "--log-variance-output") }
    }

    func run() throws {
        let vae = try RunDirectory(path: runDirectory).trainedModel().vae
        let array = try NumPyArray(contentsOf: URL(fileURLWithPath: input))
        var shape = array.shape
        if shape.count == 3 && vae.observationShape[0] == 1 { shape.insert(1, at: 1) }
        guard shape.count == 4, Array(shape.dropFirst()) == vae.observationShape else {
            throw ValidationError("\(input) has shape \(array.shape); the model reads N x \(vae.observationShape.map(String.init).joined(separator: " x "))")
        }
        var scalars = array.floats()
        if array.dtype == .uint8 { scalars = scalars.map { $0 / 255 } }
        let images = try Tensor(validatingShape: shape, scalars: scalars)
        let posterior = try vae.posteriorParameters(of: images)
        try OutputFile(output, option: "--output").write(codes: posterior.mean)
        if let logVarianceOutput {
            try OutputFile(logVarianceOutput, option: "--log-variance-output").write(codes: posterior.logVariance)
        }
        print("wrote \(posterior.mean.shape[0]) codes of \(vae.latentCount) dimensions to \(output)")
    }
}
