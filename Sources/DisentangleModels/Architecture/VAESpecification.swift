import DisentangleNN
import DisentangleTensor

/// A complete, serialisable description of a VAE: architecture, likelihood and objective.
///
/// It is what a run directory's `config.json` stores, so `disentangle encode` can rebuild the model that a
/// checkpoint belongs to. ``makeVAE(using:)`` builds it.
public struct VAESpecification: Codable, Sendable, Equatable {
    /// The encoder architecture.
    public enum EncoderKind: String, Codable, Sendable, CaseIterable {
        /// ``ConvolutionalEncoder``.
        case convolutional = "conv"
        /// ``MLPEncoder``.
        case mlp
    }

    /// The decoder architecture.
    public enum DecoderKind: String, Codable, Sendable, CaseIterable {
        /// ``SpatialBroadcastDecoder``, unpadded (the paper's variant).
        case spatialBroadcast = "sbd"
        /// ``SpatialBroadcastDecoder``, padded, 3×3 output convolution (dfdazac/vaesbd's variant).
        case spatialBroadcastPadded = "sbd-padded"
        /// ``DeconvDecoder``.
        case deconv
        /// ``MLPDecoder``.
        case mlp
    }

    /// The objective.
    public enum Objective: String, Codable, Sendable, CaseIterable {
        /// β = 1.
        case vae
        /// β-VAE.
        case betaVAE = "beta-vae"
        /// Capacity-annealed β-VAE.
        case annealedVAE = "annealed-vae"
        /// FactorVAE.
        case factorVAE = "factor-vae"
        /// β-TCVAE.
        case betaTCVAE = "beta-tcvae"
        /// DIP-VAE I.
        case dipVAEI = "dip-vae-i"
        /// DIP-VAE II.
        case dipVAEII = "dip-vae-ii"

        /// The γ used when none is given: 1000 for the capacity-annealed VAE (Burgess et al. 2018) and 10 for
        /// FactorVAE (disentanglement_lib's sweep centre); the other objectives do not read γ.
        public var defaultGamma: Float {
            self == .annealedVAE ? 1000 : 10
        }
    }

    /// The observation shape `[channels, size, size]`.
    public var observationShape: [Int]
    /// The number of latent dimensions.
    public var latentCount: Int
    /// The encoder.
    public var encoder: EncoderKind
    /// The decoder.
    public var decoder: DecoderKind
    /// The objective.
    public var objective: Objective
    /// β (β-VAE, β-TCVAE).
    public var beta: Float
    /// γ (FactorVAE's TC weight, the capacity VAE's weight).
    public var gamma: Float
    /// The capacity VAE's final capacity C_max, in nats.
    public var maximumCapacity: Float
    /// The capacity VAE's annealing length, in steps.
    public var capacitySteps: Int
    /// DIP-VAE's off-diagonal weight λ_od (the diagonal weight follows disentanglement_lib's rule).
    public var dipOffDiagonalWeight: Float
    /// β-TCVAE's estimator.
    public var tcEstimator: BetaTCVAERegularizer.Estimator
    /// `nil` for a Bernoulli likelihood, else the fixed variance of a Gaussian one.
    public var gaussianVariance: Float?

    /// Creates a specification; defaults follow disentanglement_lib's sweeps where they exist, and a `nil` γ is the
    /// objective's ``Objective/defaultGamma``.
    public init(
        observationShape: [Int], latentCount: Int = 10, encoder: EncoderKind = .convolutional,
        decoder: DecoderKind = .spatialBroadcast, objective: Objective = .betaVAE, beta: Float = 4, gamma: Float? = nil,
        maximumCapacity: Float = 25, capacitySteps: Int = 100_000, dipOffDiagonalWeight: Float = 10,
        tcEstimator: BetaTCVAERegularizer.Estimator = .minibatchWeighted, gaussianVariance: Float? = nil
    ) {
        self.observationShape = observationShape
        self.latentCount = latentCount
        self.encoder = encoder
        self.decoder = decoder
        self.objective = objective
        self.beta = beta
        self.gamma = gamma ?? objective.defaultGamma
        self.maximumCapacity = maximumCapacity
        self.capacitySteps = capacitySteps
        self.dipOffDiagonalWeight = dipOffDiagonalWeight
        self.tcEstimator = tcEstimator
        self.gaussianVariance = gaussianVariance
    }

    /// Checks every setting ``makeVAE(using:)`` checks, without building a network.
    ///
    /// - Throws: ``ModelError`` naming the first invalid setting.
    public func validate() throws {
        let (channels, size) = try imageGeometry()
        switch encoder {
        case .convolutional: try ConvolutionalEncoder.validate(imageSize: size, channels: channels, latentCount: latentCount)
        case .mlp: try MLPEncoder.validate(observationShape: observationShape, latentCount: latentCount)
        }
        switch decoder {
        case .spatialBroadcast: try SpatialBroadcastDecoder.validate(imageSize: size, channels: channels, latentCount: latentCount)
        case .spatialBroadcastPadded:
            try SpatialBroadcastDecoder.validate(
                imageSize: size, channels: channels, latentCount: latentCount, width: 64, depth: 2, outputKernelSize: 3)
        case .deconv: try DeconvDecoder.validate(imageSize: size, channels: channels, latentCount: latentCount)
        case .mlp: try MLPDecoder.validate(observationShape: observationShape, latentCount: latentCount)
        }
        if objective == .factorVAE {
            try FactorVAERegularizer.validate(gamma: gamma, latentCount: latentCount)
        } else {
            var unused = RandomGenerator(seed: 0)
            _ = try makeRegularizer(using: &unused)  // owns no parameters: building it is the check
        }
        _ = try makeLikelihood()
    }

    /// Builds the VAE with freshly initialised parameters; throws ``ModelError`` for invalid settings.
    public func makeVAE(using generator: inout RandomGenerator) throws -> VAE {
        let (channels, size) = try imageGeometry()
        let encoder: any Encoder
        switch self.encoder {
        case .convolutional:
            encoder = try ConvolutionalEncoder(imageSize: size, channels: channels, latentCount: latentCount, using: &generator)
        case .mlp:
            encoder = try MLPEncoder(observationShape: observationShape, latentCount: latentCount, using: &generator)
        }
        let decoder: any Decoder
        switch self.decoder {
        case .spatialBroadcast:
            decoder = try SpatialBroadcastDecoder(imageSize: size, channels: channels, latentCount: latentCount, using: &generator)
        case .spatialBroadcastPadded:
            decoder = try SpatialBroadcastDecoder(
                imageSize: size, channels: channels, latentCount: latentCount, width: 64, depth: 2, padded: true,
                outputKernelSize: 3, using: &generator)
        case .deconv:
            decoder = try DeconvDecoder(imageSize: size, channels: channels, latentCount: latentCount, using: &generator)
        case .mlp:
            decoder = try MLPDecoder(observationShape: observationShape, latentCount: latentCount, using: &generator)
        }
        return try VAE(
            encoder: encoder, decoder: decoder, likelihood: makeLikelihood(), regularizer: makeRegularizer(using: &generator))
    }

    /// `(channels, size)` of `[channels, size, size]` observations.
    private func imageGeometry() throws -> (channels: Int, size: Int) {
        guard observationShape.count == 3, observationShape[1] == observationShape[2] else {
            throw ModelError("observation shape must be [channels, size, size], got \(observationShape)")
        }
        return (observationShape[0], observationShape[1])
    }

    /// The objective's regularizer (FactorVAE's discriminator is initialised from `generator`).
    private func makeRegularizer(using generator: inout RandomGenerator) throws -> any Regularizer {
        switch objective {
        case .vae: return try BetaKLRegularizer(beta: 1)
        case .betaVAE: return try BetaKLRegularizer(beta: beta)
        case .annealedVAE:
            return try CapacityAnnealedRegularizer(gamma: gamma, maximumCapacity: maximumCapacity, annealingSteps: capacitySteps)
        case .factorVAE: return try FactorVAERegularizer(gamma: gamma, latentCount: latentCount, using: &generator)
        case .betaTCVAE: return try BetaTCVAERegularizer(beta: beta, estimator: tcEstimator)
        case .dipVAEI: return try DIPVAERegularizer(variant: .i, offDiagonalWeight: dipOffDiagonalWeight)
        case .dipVAEII: return try DIPVAERegularizer(variant: .ii, offDiagonalWeight: dipOffDiagonalWeight)
        }
    }

    /// A Gaussian likelihood of the fixed variance, or a Bernoulli one.
    private func makeLikelihood() throws -> any Likelihood {
        try gaussianVariance.map { try GaussianLikelihood(variance: $0) } ?? BernoulliLikelihood()
    }
}
