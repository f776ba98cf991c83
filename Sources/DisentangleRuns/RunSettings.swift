import DisentangleDatasets
import DisentangleModels
import Foundation

/// Every setting of a training run, flat, with its default: the flags of `disentangle train` and the keys of a
/// study file, under the same names (`batch-size`, `learning-rate`, ...).
///
/// ``configuration()`` checks the settings, without building a network, and resolves them into the
/// ``RunConfiguration`` a run directory stores. Decoding takes the defaults for absent keys and rejects unknown ones.
///
/// ```swift
/// var settings = RunSettings()
/// settings.model = .factorVAE
/// settings.steps = 5000
/// try RunTraining.start(try settings.configuration(), in: RunDirectory(path: "runs/factor"))
/// ```
public struct RunSettings: Codable, Sendable, Equatable {
    /// `model`: the objective.
    public var model: VAESpecification.Objective = .betaVAE
    /// `decoder`: the decoder architecture.
    public var decoder: VAESpecification.DecoderKind = .spatialBroadcast
    /// `encoder`: the encoder architecture.
    public var encoder: VAESpecification.EncoderKind = .convolutional
    /// `dataset`: a catalog name or a file specification (see ``DatasetSource``).
    public var dataset: String = "circles-32"
    /// `steps`: the number of training steps.
    public var steps: Int = 1000
    /// `batch-size`: the batch size.
    public var batchSize: Int = 64
    /// `seed`: the seed of initialisation, data order and noise.
    public var seed: UInt64 = 0
    /// `latents`: the number of latent dimensions.
    public var latents: Int = 10
    /// `learning-rate`: Adam's learning rate for the VAE.
    public var learningRate: Double = 3e-4
    /// `beta`: β of beta-vae and beta-tcvae.
    public var beta: Float = 4
    /// `gamma`: γ of factor-vae (TC weight) and annealed-vae (capacity weight); `nil` for the objective's
    /// `VAESpecification.Objective.defaultGamma`.
    public var gamma: Float?
    /// `capacity`: annealed-vae's final capacity C_max, in nats.
    public var capacity: Float = 25
    /// `capacity-steps`: the steps over which annealed-vae's capacity grows from 0 to C_max.
    public var capacitySteps: Int = 100_000
    /// `dip-lambda`: DIP-VAE's off-diagonal weight λ_od.
    public var dipLambda: Float = 10
    /// `tc-estimator`: β-TCVAE's estimator of the aggregate posterior.
    public var tcEstimator: BetaTCVAERegularizer.Estimator = .minibatchWeighted
    /// `gaussian-variance`: the fixed variance of a Gaussian likelihood; `nil` for a Bernoulli likelihood.
    public var gaussianVariance: Float?
    /// `checkpoint-every`: write a checkpoint every this many steps (and at the end); 0 only at the end.
    public var checkpointEvery: Int = 500
    /// `keep-checkpoints`: how many checkpoints to keep (2: one to fall back on if the newest is damaged).
    public var keepCheckpoints: Int = 2
    /// `print-every`: print a progress line every this many steps; 0 never.
    public var printEvery: Int = 50
    /// `discriminator-learning-rate`: Adam's learning rate for the parameters the regularizer owns (factor-vae's
    /// discriminator).
    public var discriminatorLearningRate: Double = 1e-4
    /// `discriminator-beta1`: Adam's β₁ for the discriminator.
    public var discriminatorBeta1: Double = 0.5
    /// `discriminator-beta2`: Adam's β₂ for the discriminator.
    public var discriminatorBeta2: Double = 0.9
    /// `held-out`: a region of factor space training never sees, `FACTOR=LOW...HIGH,...` in class indices (see
    /// `HeldOutRegion.box(specification:in:)`); `nil` trains on the whole grid.
    public var heldOut: String?

    /// The default settings.
    public init() {}

    /// The settings' names, as flags (without the dashes) and study-file keys.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, decoder, encoder, dataset, steps, seed, latents, beta, gamma, capacity
        case batchSize = "batch-size"
        case learningRate = "learning-rate"
        case capacitySteps = "capacity-steps"
        case dipLambda = "dip-lambda"
        case tcEstimator = "tc-estimator"
        case gaussianVariance = "gaussian-variance"
        case checkpointEvery = "checkpoint-every"
        case keepCheckpoints = "keep-checkpoints"
        case printEvery = "print-every"
        case discriminatorLearningRate = "discriminator-learning-rate"
        case discriminatorBeta1 = "discriminator-beta1"
        case discriminatorBeta2 = "discriminator-beta2"
        case heldOut = "held-out"
    }

    /// Decodes settings: absent keys keep their defaults; an unknown key throws, naming it and the known ones.
    public init(from decoder: any Swift.Decoder) throws {
        let names = try decoder.container(keyedBy: SettingName.self)
        if let unknown = names.allKeys.first(where: { CodingKeys(stringValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorruptedError(
                forKey: unknown, in: names,
                debugDescription: "unknown setting \"\(unknown.stringValue)\"; the settings are "
                    + CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(VAESpecification.Objective.self, forKey: .model) ?? model
        self.decoder = try c.decodeIfPresent(VAESpecification.DecoderKind.self, forKey: .decoder) ?? self.decoder
        encoder = try c.decodeIfPresent(VAESpecification.EncoderKind.self, forKey: .encoder) ?? encoder
        dataset = try c.decodeIfPresent(String.self, forKey: .dataset) ?? dataset
        steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? steps
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? batchSize
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
        latents = try c.decodeIfPresent(Int.self, forKey: .latents) ?? latents
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? learningRate
        beta = try c.decodeIfPresent(Float.self, forKey: .beta) ?? beta
        gamma = try c.decodeIfPresent(Float.self, forKey: .gamma)
        capacity = try c.decodeIfPresent(Float.self, forKey: .capacity) ?? capacity
        capacitySteps = try c.decodeIfPresent(Int.self, forKey: .capacitySteps) ?? capacitySteps
        dipLambda = try c.decodeIfPresent(Float.self, forKey: .dipLambda) ?? dipLambda
        tcEstimator = try c.decodeIfPresent(BetaTCVAERegularizer.Estimator.self, forKey: .tcEstimator) ?? tcEstimator
        gaussianVariance = try c.decodeIfPresent(Float.self, forKey: .gaussianVariance)
        checkpointEvery = try c.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? checkpointEvery
        keepCheckpoints = try c.decodeIfPresent(Int.self, forKey: .keepCheckpoints) ?? keepCheckpoints
        printEvery = try c.decodeIfPresent(Int.self, forKey: .printEvery) ?? printEvery
        discriminatorLearningRate = try c.decodeIfPresent(Double.self, forKey: .discriminatorLearningRate) ?? discriminatorLearningRate
        discriminatorBeta1 = try c.decodeIfPresent(Double.self, forKey: .discriminatorBeta1) ?? discriminatorBeta1
        discriminatorBeta2 = try c.decodeIfPresent(Double.self, forKey: .discriminatorBeta2) ?? discriminatorBeta2
        heldOut = try c.decodeIfPresent(String.self, forKey: .heldOut)
    }

    /// The run configuration these settings describe, checked without building a network (the dataset is opened
    /// for its observation shape). A file dataset is stored with its format and absolute paths
    /// (``DatasetSource/canonical(_:)``).
    ///
    /// - Throws: ``RunError`` for a non-positive step count, `ModelError` for an invalid model, `TrainingError` for
    ///   invalid training options, or the dataset's error if it cannot be opened or the held-out region does not
    ///   fit it.
    public func configuration() throws -> RunConfiguration {
        guard steps > 0 else { throw RunError("steps must be positive, got \(steps)") }
        guard latents > 0 else { throw RunError("latents must be positive, got \(latents)") }
        let dataset = try DatasetSource.canonical(self.dataset)
        let model = VAESpecification(
            observationShape: try DatasetSource.load(dataset).observationShape, latentCount: latents, encoder: encoder,
            decoder: decoder, objective: model, beta: beta, gamma: gamma, maximumCapacity: capacity,
            capacitySteps: capacitySteps, dipOffDiagonalWeight: dipLambda, tcEstimator: tcEstimator,
            gaussianVariance: gaussianVariance)
        try model.validate()
        let training = TrainingOptions(
            batchSize: batchSize, learningRate: learningRate, seed: seed, checkpointEvery: checkpointEvery,
            keepCheckpoints: keepCheckpoints, printEvery: printEvery, discriminatorLearningRate: discriminatorLearningRate,
            discriminatorBeta1: discriminatorBeta1, discriminatorBeta2: discriminatorBeta2)
        try training.validate()
        let configuration = RunConfiguration(model: model, dataset: dataset, training: training, steps: steps, heldOut: heldOut)
        if heldOut != nil { _ = try configuration.trainingData() }  // checks the held-out region against the dataset
        return configuration
    }
}

/// Any key of a settings object, to find the ones ``RunSettings`` does not know.
private struct SettingName: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}
