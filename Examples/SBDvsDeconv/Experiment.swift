import Disentangle
import Foundation

/// The two decoders being compared.
enum DecoderChoice: String, CaseIterable, Codable, Sendable {
    case sbd
    case deconv

    /// The name shown in tables and figures.
    var title: String { self == .sbd ? "SBD" : "deconv" }

    /// The architecture in the library's model description.
    var kind: VAESpecification.DecoderKind { self == .sbd ? .spatialBroadcast : .deconv }
}

/// The settings every run shares (only the decoder and the seed vary).
struct ExperimentSettings: Codable, Sendable {
    var dataset: String
    var imageSize: Int
    var latentCount: Int
    var beta: Float
    var learningRate: Double
    var batchSize: Int
    var steps: Int
    var seeds: [UInt64]
    var threads: Int
}

/// The full 40 x 40 grid of circle positions: what every model is evaluated and plotted on.
struct EvaluationGrid {
    let dataset: Circles
    /// Every factor combination, row `i` = grid index `i` (x class, then y class).
    let classes: FactorClasses
    /// The rendered grid, `[1600, 1, 32, 32]`.
    let observations: Tensor
    /// The ring of each grid position: concentric squares around the centre (Chebyshev distance), 0 innermost.
    let rings: [Int]
    /// The number of rings.
    static let ringCount = 5
    /// The grid index of the position nearest the centre, whose code seeds the traversals.
    let centreIndex: Int
    /// The grid indices whose reconstructions the report shows.
    let showcase: [Int]

    init(imageSize: Int) throws {
        let dataset = try Circles(imageSize: imageSize)
        let classes = try dataset.factorClasses(at: Array(0..<dataset.gridCount))
        self.dataset = dataset
        self.classes = classes
        observations = try dataset.observations(for: classes)
        let n = dataset.factors[0].size
        // Twice the Chebyshev distance of a class from the grid's centre is odd: 1, 3, ..., n - 1.
        let ringWidth = (n / 2 + Self.ringCount - 1) / Self.ringCount
        rings = (0..<classes.count).map { row in
            let distance = max(abs(2 * classes[row, 0] - (n - 1)), abs(2 * classes[row, 1] - (n - 1)))
            return (distance / 2) / ringWidth
        }
        centreIndex = try dataset.index(of: [n / 2, n / 2])
        var generator = RandomGenerator(seed: 7)
        showcase = (0..<10).map { _ in generator.nextInt(below: dataset.gridCount) }
    }

    /// The factors as the metrics take them.
    var factorMatrix: FactorMatrix {
        get throws { try FactorMatrix(rowCount: classes.count, columnCount: classes.factorCount, values: classes.classes) }
    }
}

/// What one trained model measured; one entry of `summary.json`.
struct RunSummary: Codable, Sendable {
    var decoder: DecoderChoice
    var seed: UInt64
    /// MIG of the posterior means over the full grid.
    var mig: Double
    /// MIG per factor (`x`, `y`).
    var migPerFactor: [String: Double]
    /// Mean Bernoulli NLL over the grid, decoding the posterior means, in nats.
    var reconstruction: Double
    /// Mean KL to the prior over the grid, in nats.
    var kl: Double
    /// Mean posterior variance per latent over the grid.
    var meanPosteriorVariance: [Double]
    /// Latents from the lowest mean posterior variance to the highest.
    var latentsByVariance: [Int]
    /// How the two lowest-variance latents encode the position, independently of their orientation.
    var positionCode: PositionCode
    /// Training throughput.
    var trainingImagesPerSecond: Double
    /// Seconds spent training.
    var trainingSeconds: Double
    /// Seconds spent training and evaluating.
    var wallSeconds: Double
}

/// One point of a loss curve: means over a window of steps.
struct CurvePoint: Sendable {
    var step: Double
    var reconstruction: Double
    var kl: Double
}

/// A trained model's measurements plus the material for its figures.
struct RunResult {
    var summary: RunSummary
    var curve: [CurvePoint]
    /// The posterior means of the two lowest-variance latents at every grid position.
    var geometry: (x: [Double], y: [Double])
    /// Decoded traversals, one row per latent in ``RunSummary/latentsByVariance`` order.
    var traversal: Tensor
    /// Reconstructions of the grid's showcase positions.
    var reconstructions: Tensor
}

/// The values each latent is swept through in the traversals: −2 to +2 in steps of 1, so that the strips of both
/// decoders fit side by side.
let traversalValues: [Float] = [-2, -1, 0, 1, 2]

/// Trains one VAE and measures it on the grid.
func runExperiment(
    decoder: DecoderChoice, seed: UInt64, settings: ExperimentSettings, grid: EvaluationGrid, runDirectory: URL
) throws -> RunResult {
    let began = Date()
    let specification = VAESpecification(
        observationShape: grid.dataset.observationShape, latentCount: settings.latentCount, encoder: .convolutional,
        decoder: decoder.kind, objective: .betaVAE, beta: settings.beta)
    // The encoder is built first from the seed's generator, so both decoders start from the same encoder.
    var generator = RandomGenerator(seed: seed)
    let vae = try specification.makeVAE(using: &generator)
    let options = TrainingOptions(
        batchSize: settings.batchSize, learningRate: settings.learningRate, seed: seed, checkpointEvery: 0,
        printEvery: max(1, settings.steps / 10))
    if FileManager.default.fileExists(atPath: runDirectory.path) {
        try FileManager.default.removeItem(at: runDirectory)  // a previous run's log would otherwise be appended to
    }
    let trainer = try Trainer(
        vae: vae, data: GroundTruthTrainingData(grid.dataset), options: options, configuration: specification,
        runDirectory: runDirectory)
    var records: [TrainingRecord] = []
    trainer.onStep = { records.append($0) }
    try trainer.train(until: settings.steps)
    let trainingSeconds = Date().timeIntervalSince(began)

    let posterior = try vae.posteriorParameters(of: grid.observations)
    let evaluation = try vae.evaluation(of: grid.observations, posterior: posterior)
    let mig = try MIG.evaluate(codes: CodeMatrix(posterior.mean), factors: grid.factorMatrix)
    let order = posterior.dimensionsByInformativeness
    let means = posterior.mean
    let code = (0..<settings.latentCount).map { means[grid.centreIndex, $0] }
    let traversal = try vae.traversal(around: code, dimensions: order, values: traversalValues)
    let showcase = try grid.dataset.observations(for: grid.dataset.factorClasses(at: grid.showcase))
    let reconstructions = withoutGradients { vae.reconstruct(showcase) }
    let geometry = ((0..<grid.classes.count).map { Double(means[$0, order[0]]) },
                    (0..<grid.classes.count).map { Double(means[$0, order[1]]) })
    let positionCode = PositionCode(
        x: (0..<grid.classes.count).map { Double(grid.classes[$0, 0]) },
        y: (0..<grid.classes.count).map { Double(grid.classes[$0, 1]) }, u: geometry.0, v: geometry.1)
    let summary = RunSummary(
        decoder: decoder, seed: seed, mig: mig.score,
        migPerFactor: Dictionary(uniqueKeysWithValues: zip(grid.dataset.factorNames, mig.perFactor)),
        reconstruction: evaluation.reconstruction, kl: evaluation.kl, meanPosteriorVariance: posterior.meanVariance,
        latentsByVariance: order, positionCode: positionCode,
        trainingImagesPerSecond: Double(settings.steps * settings.batchSize) / trainingSeconds,
        trainingSeconds: trainingSeconds, wallSeconds: Date().timeIntervalSince(began))
    return RunResult(
        summary: summary, curve: smoothedCurve(records),
        geometry: geometry, traversal: traversal, reconstructions: reconstructions)
}

/// Means of the training records over about 100 equal windows of steps.
func smoothedCurve(_ records: [TrainingRecord]) -> [CurvePoint] {
    let window = max(1, records.count / 100)
    return stride(from: 0, to: records.count, by: window).map { start in
        let slice = records[start..<min(start + window, records.count)]
        let n = Double(slice.count)
        return CurvePoint(
            step: slice.map { Double($0.step) }.reduce(0, +) / n,
            reconstruction: slice.map(\.reconstruction).reduce(0, +) / n,
            kl: slice.map(\.kl).reduce(0, +) / n)
    }
}
