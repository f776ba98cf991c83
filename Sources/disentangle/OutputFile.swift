import ArgumentParser
import Disentangle
import Foundation

/// An output file of `encode` and `decode`, whose extension chooses what is written: `.npy` the array itself,
/// `.png` a picture of it (an image grid for images, a heat map for codes).
enum OutputFile {
    case numPy(URL)
    case png(URL)

    /// The output file at `path`; throws a `ValidationError` naming the option and the extensions it accepts for
    /// any other extension.
    init(_ path: String, option: String) throws {
        let url = URL(fileURLWithPath: path)
        switch url.pathExtension.lowercased() {
        case "npy": self = .numPy(url)
        case "png": self = .png(url)
        default:
            throw ValidationError(
                "\(option) \(path): unknown extension '\(url.pathExtension)'; use .npy (the array) or .png (a picture)")
        }
    }

    /// Writes images `[N, C, H, W]` with intensities in `0...1`: the array, or a grid of at most `columns` per row.
    func write(images: Tensor, columns: Int = 8) throws {
        switch self {
        case .numPy(let url):
            try NumPyArray(images).write(to: url)
        case .png(let url):
            try ImageGrid(batch: images, columns: min(columns, images.shape[0])).render().writePNG(to: url)
        }
    }

    /// Writes codes `[N, D]`: the array, or a heat map with one row per code and one column per latent, blue for
    /// negative and red for positive values, white at 0 and full colour at the largest absolute value.
    func write(codes: Tensor) throws {
        switch self {
        case .numPy(let url):
            try NumPyArray(codes).write(to: url)
        case .png(let url):
            try CodeHeatMap(codes: codes).render().writePNG(to: url)
        }
    }
}
