/// How a ``Trainer`` optimises, logs and checkpoints.
public struct TrainingOptions: Codable, Sendable, Equatable {
    /// The batch size.
    public var batchSize: Int
    /// Adam's learning rate for the VAE.
    public var learningRate: Double
    /// Adam's β₁ for the VAE.
    public var beta1: Double
    /// Adam's β₂ for the VAE.
    public var beta2: Double
    /// The seed of the run; the data and noise generators are derived from it.
    public var seed: UInt64
    /// Write a checkpoint every this many steps (and at the end); 0 disables periodic checkpoints.
    public var checkpointEvery: Int
    /// How many checkpoints to keep (at least 1; the default 2 leaves one to fall back on if the newest is damaged).
    public var keepCheckpoints: Int
    /// Print a progress line every this many steps; 0 disables printing.
    public var printEvery: Int
    /// Adam's learning rate for the parameters the regularizer owns (FactorVAE's discriminator).
    public var discriminatorLearningRate: Double
    /// Adam's β₁ for the parameters the regularizer owns.
    public var discriminatorBeta1: Double
    /// Adam's β₂ for the parameters the regularizer owns.
    public var discriminatorBeta2: Double

    /// Creates options; the defaults are those of the headline example (Adam 3e-4, batch 64) and, for the
    /// discriminator, of FactorVAE (Adam 1e-4, betas 0.5/0.9).
    public init(
        batchSize: Int = 64, learningRate: Double = 3e-4, beta1: Double = 0.9, beta2: Double = 0.999, seed: UInt64 = 0,
        checkpointEvery: Int = 1000, keepCheckpoints: Int = 2, printEvery: Int = 100,
        discriminatorLearningRate: Double = 1e-4, discriminatorBeta1: Double = 0.5, discriminatorBeta2: Double = 0.9
    ) {
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.seed = seed
        self.checkpointEvery = checkpointEvery
        self.keepCheckpoints = keepCheckpoints
        self.printEvery = printEvery
        self.discriminatorLearningRate = discriminatorLearningRate
        self.discriminatorBeta1 = discriminatorBeta1
        self.discriminatorBeta2 = discriminatorBeta2
    }

    /// Decodes options; the discriminator's settings, absent from configurations written before they existed, take
    /// their defaults.
    public init(from decoder: any Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TrainingOptions()
        self.init(
            batchSize: try c.decode(Int.self, forKey: .batchSize), learningRate: try c.decode(Double.self, forKey: .learningRate),
            beta1: try c.decode(Double.self, forKey: .beta1), beta2: try c.decode(Double.self, forKey: .beta2),
            seed: try c.decode(UInt64.self, forKey: .seed), checkpointEvery: try c.decode(Int.self, forKey: .checkpointEvery),
            keepCheckpoints: try c.decode(Int.self, forKey: .keepCheckpoints), printEvery: try c.decode(Int.self, forKey: .printEvery),
            discriminatorLearningRate: try c.decodeIfPresent(Double.self, forKey: .discriminatorLearningRate)
                ?? defaults.discriminatorLearningRate,
            discriminatorBeta1: try c.decodeIfPresent(Double.self, forKey: .discriminatorBeta1) ?? defaults.discriminatorBeta1,
            discriminatorBeta2: try c.decodeIfPresent(Double.self, forKey: .discriminatorBeta2) ?? defaults.discriminatorBeta2)
    }

    /// Throws ``TrainingError`` for out-of-range values.
    public func validate() throws {
        guard batchSize >= 2 else { throw TrainingError("batch size must be at least 2, got \(batchSize)") }
        guard learningRate > 0, learningRate.isFinite else { throw TrainingError("learning rate must be positive, got \(learningRate)") }
        guard (0..<1).contains(beta1), (0..<1).contains(beta2) else {
            throw TrainingError("Adam betas must lie in [0, 1), got \(beta1) and \(beta2)")
        }
        guard discriminatorLearningRate > 0, discriminatorLearningRate.isFinite else {
            throw TrainingError("the discriminator's learning rate must be positive, got \(discriminatorLearningRate)")
        }
        guard (0..<1).contains(discriminatorBeta1), (0..<1).contains(discriminatorBeta2) else {
            throw TrainingError("the discriminator's Adam betas must lie in [0, 1), got \(discriminatorBeta1) and \(discriminatorBeta2)")
        }
        guard checkpointEvery >= 0, keepCheckpoints >= 1, printEvery >= 0 else {
            throw TrainingError("checkpointEvery and printEvery must be >= 0 and keepCheckpoints >= 1")
        }
    }
}
