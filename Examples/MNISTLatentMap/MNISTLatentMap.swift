import ArgumentParser
import Disentangle
import DisentangleArguments
import Foundation

/// `mnist-latent-map`: seed 001's picture, a VAE with a two-dimensional latent trained on MNIST, its test images'
/// posterior means coloured by digit, and the digits it decodes across the latent plane.
@main
struct MNISTLatentMap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mnist-latent-map",
        abstract: "Train a VAE with a 2-D latent on MNIST idx files and map the test digits in its latent plane.",
        discussion: """
            Reads MNIST idx files (plain or .gz) the user has: --train-images and the labels beside them \
            (train-labels-idx1-ubyte[.gz]); the test set defaults to the t10k files beside the training files, else \
            the training set is mapped. Trains a VAE (β = 1, Bernoulli likelihood, 2 latents; 28 x 28 needs no \
            resizing) and writes OUT/latent-map.svg (test posterior means coloured by digit), OUT/latent-grid.png \
            (decoded means over the latent plane at the standard normal's quantiles), OUT/summary.json and OUT/run/.
            """)

    @Option(help: "MNIST training images (idx, plain or .gz).")
    var trainImages: String

    @Option(help: "Training labels (default: beside the images, images-idx3 -> labels-idx1).")
    var trainLabels: String?

    @Option(help: "Test images (default: the t10k file beside the training images if it exists, else the training set).")
    var testImages: String?

    @Option(help: "Test labels (default: beside the test images).")
    var testLabels: String?

    @Option(help: "Training steps.")
    var steps = 3000

    @Option(help: "Batch size.")
    var batchSize = 100

    @Option(help: "Adam's learning rate.")
    var learningRate = 1e-3

    @Option(help: "The encoder.")
    var encoder: VAESpecification.EncoderKind = .convolutional

    @Option(help: "The decoder.")
    var decoder: VAESpecification.DecoderKind = .deconv

    @Option(help: "Points per side of the decoded grid of the latent plane.")
    var gridSize = 15

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    @Option(help: "The output directory.")
    var out = "mnist-latent-map"

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard batchSize >= 2 else { throw ValidationError("--batch-size must be at least 2, got \(batchSize)") }
        guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--learning-rate must be positive") }
        guard (2...40).contains(gridSize) else { throw ValidationError("--grid-size must be in 2...40, got \(gridSize)") }
    }

    func run() throws {
        let outDirectory = URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL
        let runDirectory = outDirectory.appendingPathComponent("run")
        if FileManager.default.fileExists(atPath: runDirectory.path) { try FileManager.default.removeItem(at: runDirectory) }
        try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)

        let train = try LabeledImages(
            mnistImagesAt: URL(fileURLWithPath: trainImages), labelsAt: URL(fileURLWithPath: trainLabels ?? DatasetSource.mnistLabelsPath(trainImages)))
        let testPath = testImages ?? defaultTestImages()
        let test = try testPath.map {
            try LabeledImages(mnistImagesAt: URL(fileURLWithPath: $0), labelsAt: URL(fileURLWithPath: testLabels ?? DatasetSource.mnistLabelsPath($0)))
        } ?? train
        let specification = VAESpecification(
            observationShape: train.observationShape, latentCount: 2, encoder: encoder,
            decoder: decoder, objective: .vae)
        var generator = RandomGenerator(seed: seed)
        let vae = try specification.makeVAE(using: &generator)
        let trainer = try Trainer(
            vae: vae, data: LabeledImagesTrainingData(train),
            options: TrainingOptions(
                batchSize: batchSize, learningRate: learningRate, seed: seed, checkpointEvery: 0, printEvery: max(1, steps / 10)),
            configuration: specification, runDirectory: runDirectory)
        say("training a VAE with 2 latents (\(encoder.rawValue) encoder, \(decoder.rawValue) decoder) on \(train.count) images of "
            + "\(train.observationShape[1]) x \(train.observationShape[2]) for \(steps) steps (\(Threading.threadCount) threads)")
        try trainer.train(until: steps)

        let rows = Array(0..<test.count)
        let images = try test.observations(rows: rows)
        let digits = try test.factorClasses(rows: rows).column(0).map { Int(test.factors[0].values[$0]) }
        let posterior = try vae.posteriorParameters(of: images)
        let evaluation = try vae.evaluation(of: images, posterior: posterior)
        let means = posterior.mean.scalars
        let x = stride(from: 0, to: means.count, by: 2).map { Double(means[$0]) }
        let y = stride(from: 1, to: means.count, by: 2).map { Double(means[$0]) }
        let trainCodes = try vae.posteriorParameters(of: train.observations(rows: Array(0..<train.count))).mean.scalars
        let trainDigits = try train.factorClasses(rows: Array(0..<train.count)).column(0).map { Int(train.factors[0].values[$0]) }
        let accuracy = nearestNeighbourAccuracy(
            reference: trainCodes, referenceLabels: trainDigits, query: means, queryLabels: digits, k: 5, excludeSelf: testPath == nil)

        var plot = ScatterPlot(
            title: "MNIST in a 2-D VAE latent (\(test.count) \(testPath == nil ? "training" : "test") images)",
            xLabel: "z0 (posterior mean)", yLabel: "z1 (posterior mean)", x: x, y: y,
            coloring: .categorical(labels: digits, names: (0..<10).map(String.init), title: "digit"))
        plot.equalAspect = true
        plot.pointRadius = test.count > 2000 ? 1.8 : 2.6
        plot.width = 620
        plot.height = 560
        let mapURL = outDirectory.appendingPathComponent("latent-map.svg")
        try plot.writeSVG(to: mapURL)

        let quantiles = (0..<gridSize).map { standardNormalQuantile((Double($0) + 0.5) / Double(gridSize)) }
        var plane: [Float] = []
        for row in 0..<gridSize {
            for column in 0..<gridSize { plane += [Float(quantiles[column]), Float(quantiles[gridSize - 1 - row])] }
        }
        let decoded = try vae.decodeAll(Tensor(shape: [gridSize * gridSize, 2], scalars: plane))
        var grid = try ImageGrid(batch: decoded, columns: gridSize)
        grid.padding = 1
        grid.cellScale = 2
        grid.title = "Decoded means, z0 left to right, z1 bottom to top, at N(0,1) quantiles"
        let gridURL = outDirectory.appendingPathComponent("latent-grid.png")
        try grid.render().writePNG(to: gridURL)

        let centroids = (0..<10).map { digit -> [Double]? in
            let members = digits.indices.filter { digits[$0] == digit }
            guard !members.isEmpty else { return nil }
            return [members.map { x[$0] }.reduce(0, +) / Double(members.count), members.map { y[$0] }.reduce(0, +) / Double(members.count)]
        }
        let summary = Summary(
            steps: steps, batchSize: batchSize, learningRate: learningRate, encoder: encoder.rawValue, decoder: decoder.rawValue, seed: seed,
            trainingImages: train.count, mappedImages: test.count, mappedSet: testPath == nil ? "training" : "test",
            reconstructionNats: evaluation.reconstruction, klNats: evaluation.kl, nearestNeighbourAccuracy: accuracy,
            digitCentroids: centroids)
        let encoderJSON = JSONEncoder()
        encoderJSON.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoderJSON.keyEncodingStrategy = .convertToSnakeCase
        try AtomicFile.write(encoderJSON.encode(summary), to: outDirectory.appendingPathComponent("summary.json"))
        say(String(format: "%@ set: reconstruction %.2f nats, KL %.2f nats, 5-nearest-neighbour digit accuracy in the latent plane %.3f",
                   summary.mappedSet, evaluation.reconstruction, evaluation.kl, accuracy))
        say("map:  \(mapURL.path)\ngrid: \(gridURL.path)\nsummary: \(outDirectory.appendingPathComponent("summary.json").path)")
    }

    /// The t10k images beside the training images, if they exist.
    private func defaultTestImages() -> String? {
        let url = URL(fileURLWithPath: trainImages)
        let name = url.lastPathComponent.replacingOccurrences(of: "train-", with: "t10k-")
        guard name != url.lastPathComponent else { return nil }
        let candidate = url.deletingLastPathComponent().appendingPathComponent(name).path
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }
}

/// What `summary.json` holds.
struct Summary: Codable {
    var steps: Int
    var batchSize: Int
    var learningRate: Double
    var encoder: String
    var decoder: String
    var seed: UInt64
    var trainingImages: Int
    var mappedImages: Int
    var mappedSet: String
    var reconstructionNats: Double
    var klNats: Double
    /// The fraction of mapped images whose digit is the majority among the 5 nearest training codes.
    var nearestNeighbourAccuracy: Double
    /// The mean code of each digit (nil for a digit absent from the mapped set).
    var digitCentroids: [[Double]?]
}

/// The fraction of query points whose label wins the vote of their `k` nearest reference points (Euclidean,
/// codes interleaved `[x0, y0, x1, y1, ...]`); with `excludeSelf` the query set is the reference set and each point
/// skips itself. Ties go to the smallest label.
func nearestNeighbourAccuracy(
    reference: [Float], referenceLabels: [Int], query: [Float], queryLabels: [Int], k: Int, excludeSelf: Bool
) -> Double {
    var correct = 0
    for q in queryLabels.indices {
        var nearest: [(distance: Float, label: Int)] = []
        for r in referenceLabels.indices where !(excludeSelf && r == q) {
            let dx = reference[2 * r] - query[2 * q], dy = reference[2 * r + 1] - query[2 * q + 1]
            let distance = dx * dx + dy * dy
            if nearest.count < k || distance < nearest[nearest.count - 1].distance {
                nearest.append((distance, referenceLabels[r]))
                nearest.sort { $0.distance < $1.distance }
                if nearest.count > k { nearest.removeLast() }
            }
        }
        var votes = [Int: Int]()
        for neighbour in nearest { votes[neighbour.label, default: 0] += 1 }
        let winner = votes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        if winner == queryLabels[q] { correct += 1 }
    }
    return queryLabels.isEmpty ? 0 : Double(correct) / Double(queryLabels.count)
}

/// The standard normal quantile (inverse CDF) at `p` in (0, 1), by bisection on `erfc` (accurate to 1e-12).
func standardNormalQuantile(_ p: Double) -> Double {
    var low = -10.0, high = 10.0
    for _ in 0..<80 {
        let middle = (low + high) / 2
        if 0.5 * erfc(-middle / 2.0.squareRoot()) < p { low = middle } else { high = middle }
    }
    return (low + high) / 2
}

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
