import ArgumentParser
import Disentangle
import Foundation

/// `disentangle decode`: images (the mean of p(x|z)) for latent codes, as .npy or a .png grid.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Decode latent codes with a trained model into images.")

    @Option(name: .customLong("run"), help: "A run directory written by `disentangle train`.")
    var runDirectory: String

    @Option(help: "Latent codes as .npy, N x latents (float32 or float64).")
    var input: String

    @Option(help: "Where to write the images: .npy (N x C x H x W float32, values in [0, 1] for Bernoulli models) or .png (a grid, 8 per row).")
    var output: String

    func validate() throws {
        _ = try OutputFile(output, option: "--output")
    }

    func run() throws {
        let vae = try RunDirectory(path: runDirectory).trainedModel().vae
        let array = try NumPyArray(contentsOf: URL(fileURLWithPath: input))
        guard array.dtype.isFloatingPoint else { throw ValidationError("\(input) holds \(array.dtype.rawValue); codes must be float32 or float64") }
        guard array.shape.count == 2, array.shape[1] == vae.latentCount else {
            throw ValidationError("\(input) has shape \(array.shape); the model decodes N x \(vae.latentCount)")
        }
        let codes = try Tensor(validatingShape: array.shape, scalars: array.floats())
        let images = try vae.decodeAll(codes)
        try OutputFile(output, option: "--output").write(images: images)
        print("wrote \(images.shape[0]) images of shape \(vae.observationShape) to \(output)")
    }
}
