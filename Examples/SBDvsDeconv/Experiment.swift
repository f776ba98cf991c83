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

/// The settings every run shares (only the decoder and the seed vary). `summary.json` stores them flat: every
/// training setting under its flag name (`model`, `beta`, `batch-size`, …) beside the experiment's own fields.
struct ExperimentSettings: Encodable, Sendable {
    /// The training settings of every run; each run sets its decoder and seed.
    var base: RunSettings
    var imageSize: Int
    var seeds: [UInt64]
    var threads: Int
    /// How many observations every model is evaluated on (the whole grid when it is no larger).
    var evaluationCount: Int

    var dataset: String { base.dataset }
    var model: VAESpecification.Objective { base.model }
    var beta: Float { base.beta }
    var latentCount: Int { base.latents }
    var learningRate: Double { base.learningRate }
    var batchSize: Int { base.batchSize }
    var steps: Int { base.steps }

    /// The settings of the run of `decoder` with `seed`.
    func run(decoder: DecoderChoice, seed: UInt64) -> RunSettings {
        var settings = base
        settings.decoder = decoder.kind
        settings.seed = seed
        return settings
    }

    private enum CodingKeys: String, CodingKey {
        case imageSize, seeds, threads, evaluationCount
    }

    func encode(to encoder: any Swift.Encoder) throws {
        try base.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(imageSize, forKey: .imageSize)
        try container.encode(seeds, forKey: .seeds)
        try container.encode(threads, forKey: .threads)
        try container.encode(evaluationCount, forKey: .evaluationCount)
    }
}

/// What every model is evaluated and drawn on: the dataset's whole grid of factor classes when it has at most
/// `limit` points (Circles' 40 x 40 positions), otherwise `limit` uniformly sampled observations.
struct EvaluationSet {
    let dataset: any GroundTruthDataset
    /// The observations and their factor classes.
    let batch: Batch
    /// The two position factors (`x`/`y` or `posX`/`posY`) if the dataset has them: the position code and the
    /// latent-geometry figure use them; otherwise the geometry figure shows the two largest factors.
    let geometryFactors: (String, String)
    /// Whether ``geometryFactors`` are position factors.
    let hasPosition: Bool
    /// The observation nearest the centre of the factor space, whose code seeds the traversals.
    let centreIndex: Int
    /// The observations whose reconstructions the report shows.
    let showcase: [Int]

    init(dataset name: String, limit: Int) throws {
        let dataset = try DatasetSource.dataset(name)
        var generator = RandomGenerator(seed: 7)
        let batch: Batch
        if dataset.gridCount <= limit {
            let indices = Array(0..<dataset.gridCount)
            let classes = try dataset.factorClasses(at: indices)
            batch = Batch(observations: try dataset.observations(for: classes), factors: classes, indices: indices)
        } else {
            batch = try dataset.sample(count: limit, using: &generator)
        }
        self.dataset = dataset
        self.batch = batch
        let names = dataset.factorNames
        let position = [("x", "y"), ("posX", "posY")].first { names.contains($0.0) && names.contains($0.1) }
        hasPosition = position != nil
        geometryFactors = position ?? RunReport.defaultGeometryFactors(dataset)
        // The row whose classes are nearest the middle of every factor.
        let distance = { (row: Int) in
            dataset.factors.indices.reduce(0) { $0 + abs(2 * batch.factors[row, $1] - (dataset.factors[$1].size - 1)) }
        }
        centreIndex = (0..<batch.count).min { distance($0) < distance($1) }!
        showcase = (0..<10).map { _ in generator.nextInt(below: batch.count) }
    }

    /// The factors as the metrics take them.
    var factorMatrix: FactorMatrix {
        get throws {
            try FactorMatrix(rowCount: batch.count, columnCount: batch.factors.factorCount, values: batch.factors.classes)
        }
    }
}

/// What one trained model measured; one entry of `summary.json`.
struct RunSummary: Codable, Sendable {
    var decoder: DecoderChoice
    var seed: UInt64
    /// MIG of the posterior means over the evaluation set.
    var mig: Double
    /// MIG per factor, by factor name.
    var migPerFactor: [String: Double]
    /// Mean Bernoulli NLL over the evaluation set, decoding the posterior means, in nats.
    var reconstruction: Double
    /// Mean KL to the prior over the evaluation set, in nats.
    var kl: Double
    /// Mean posterior variance per latent over the evaluation set.
    var meanPosteriorVariance: [Double]
    /// Latents from the lowest mean posterior variance to the highest.
    var latentsByVariance: [Int]
    /// How the two latents of the geometry figure encode the position, independently of their orientation
    /// (datasets with position factors only).
    var positionCode: PositionCode?
    /// Training throughput.
    var trainingImagesPerSecond: Double
    /// Seconds spent training.
    var trainingSeconds: Double
    /// Seconds spent training and evaluating.
    var wallSeconds: Double
}

/// A trained model's measurements plus the material for its figures.
struct RunResult {
    var summary: RunSummary
    /// The run directory (a run `disentangle report` reads, too).
    var run: RunDirectory
    /// The model's pictures on the evaluation set.
    var analysis: RunAnalysis
    /// The latent geometry of the evaluation set's geometry factors.
    var geometry: LatentGeometry
    /// Reconstructions of the evaluation set's showcase observations.
    var reconstructions: Tensor
}

/// Trains one VAE into `runDirectory` and measures it on the evaluation set.
func runExperiment(
    decoder: DecoderChoice, seed: UInt64, settings: ExperimentSettings, evaluation: EvaluationSet, runDirectory: URL
) throws -> RunResult {
    let began = Date()
    let run = RunDirectory(runDirectory)
    if FileManager.default.fileExists(atPath: runDirectory.path) {
        try FileManager.default.removeItem(at: runDirectory)  // a previous run's log would otherwise be appended to
    }
    // The encoder is built first from the seed's generator, so both decoders start from the same encoder.
    try RunTraining.start(try settings.run(decoder: decoder, seed: seed).configuration(), in: run) { _ in }
    let trainingSeconds = Date().timeIntervalSince(began)

    let trained = try run.trainedModel()
    let vae = trained.vae
    let analysis = try RunAnalysis(vae: vae, dataset: evaluation.dataset, held: evaluation.batch)
    let mig = try MIG.evaluate(codes: CodeMatrix(analysis.posterior.mean), factors: evaluation.factorMatrix)
    let order = analysis.posterior.dimensionsByInformativeness
    // Seed 000 plots the two lowest-variance latents; on datasets with more factors than the two plotted, the
    // latents that follow those two factors best are plotted instead.
    let twoFactors = evaluation.dataset.factors.filter { $0.size > 1 }.count == 2
    let geometry = try LatentGeometry(
        vae: vae, dataset: evaluation.dataset, factors: evaluation.geometryFactors.0, evaluation.geometryFactors.1,
        latents: twoFactors ? (order[0], order[1]) : nil)
    let positionCode = evaluation.hasPosition
        ? PositionCode(x: geometry.classes.x.map(Double.init), y: geometry.classes.y.map(Double.init), u: geometry.codes.x, v: geometry.codes.y)
        : nil
    let showcase = try vae.decodeAll(Tensor(
        shape: [evaluation.showcase.count, vae.latentCount],
        scalars: evaluation.showcase.flatMap { analysis.code(of: $0) }))
    let summary = RunSummary(
        decoder: decoder, seed: seed, mig: mig.score,
        migPerFactor: Dictionary(uniqueKeysWithValues: zip(evaluation.dataset.factorNames, mig.perFactor)),
        reconstruction: analysis.evaluation.reconstruction, kl: analysis.evaluation.kl,
        meanPosteriorVariance: analysis.meanVariance, latentsByVariance: order, positionCode: positionCode,
        trainingImagesPerSecond: Double(settings.steps * settings.batchSize) / trainingSeconds,
        trainingSeconds: trainingSeconds, wallSeconds: Date().timeIntervalSince(began))
    return RunResult(summary: summary, run: run, analysis: analysis, geometry: geometry, reconstructions: showcase)
}
