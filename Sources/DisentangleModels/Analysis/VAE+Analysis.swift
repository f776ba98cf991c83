import DisentangleTensor

/// Posterior parameters of many observations, computed in batches without recording gradients.
public struct PosteriorParameters {
    /// Posterior means, `[count, latents]`.
    public var mean: Tensor
    /// Posterior log-variances, `[count, latents]`.
    public var logVariance: Tensor

    /// The mean over observations of the posterior variance `exp(logVariance)`, per latent dimension.
    ///
    /// Informative latents have small values (the posterior is tight); unused latents stay near 1 (the prior).
    /// This is the ranking the Spatial Broadcast Decoder paper uses to pick the informative latents.
    public var meanVariance: [Double] {
        logVariance.exp().meanPerDimension
    }

    /// Latent dimensions ordered from the most informative (lowest ``meanVariance``) to the least.
    public var dimensionsByInformativeness: [Int] {
        let variance = meanVariance
        return variance.indices.sorted { variance[$0] < variance[$1] || (variance[$0] == variance[$1] && $0 < $1) }
    }
}

extension VAE {
    /// The posterior parameters of `observations` (`[count] + observationShape`), encoded in batches of
    /// `batchSize` without recording gradients.
    public func posteriorParameters(of observations: Tensor, batchSize: Int = 256) throws -> PosteriorParameters {
        try validateObservations(observations)
        guard batchSize > 0 else { throw ModelError("batchSize must be positive, got \(batchSize)") }
        return withoutGradients {
            var means: [Tensor] = []
            var logVariances: [Tensor] = []
            for batch in batches(of: observations.shape[0], size: batchSize) {
                let posterior = encoder(observations.narrowed(alongAxis: 0, start: batch.start, length: batch.length))
                means.append(posterior.mean)
                logVariances.append(posterior.logVariance)
            }
            return PosteriorParameters(
                mean: Tensor.concatenate(means, alongAxis: 0), logVariance: Tensor.concatenate(logVariances, alongAxis: 0))
        }
    }

    /// Decoded means for latent codes `[count, latents]`, in batches, without recording gradients.
    public func decodeAll(_ latents: Tensor, batchSize: Int = 256) throws -> Tensor {
        guard latents.rank == 2, latents.shape[1] == latentCount else {
            throw ModelError("expected latent codes of shape [count, \(latentCount)], got \(latents.shape)")
        }
        guard latents.isFinite else { throw ModelError("the latent codes contain NaN or infinite values") }
        guard batchSize > 0 else { throw ModelError("batchSize must be positive, got \(batchSize)") }
        return withoutGradients {
            var parts: [Tensor] = []
            for batch in batches(of: latents.shape[0], size: batchSize) {
                parts.append(decode(latents.narrowed(alongAxis: 0, start: batch.start, length: batch.length)))
            }
            return parts.isEmpty ? Tensor.zeros([0] + observationShape) : Tensor.concatenate(parts, alongAxis: 0)
        }
    }

    /// A latent traversal: for each dimension in `dimensions` (rows) and each value in `values` (columns), the
    /// decoded mean of `code` with that dimension set to the value. Shape `[rows · columns] + observationShape`,
    /// row-major.
    public func traversal(around code: [Float], dimensions: [Int], values: [Float]) throws -> Tensor {
        guard code.count == latentCount else { throw ModelError("the seed code has \(code.count) values, expected \(latentCount)") }
        guard dimensions.allSatisfy({ (0..<latentCount).contains($0) }) else {
            throw ModelError("traversal dimensions \(dimensions) must lie in 0..<\(latentCount)")
        }
        var codes: [Float] = []
        for dimension in dimensions {
            for value in values {
                var c = code
                c[dimension] = value
                codes += c
            }
        }
        return try decodeAll(Tensor(shape: [dimensions.count * values.count, latentCount], scalars: codes))
    }

    /// Decoded means along the straight line from code `a` to code `b`, `steps` points including both ends.
    public func interpolation(from a: [Float], to b: [Float], steps: Int) throws -> Tensor {
        guard a.count == latentCount, b.count == latentCount else {
            throw ModelError("interpolation needs two codes of \(latentCount) values, got \(a.count) and \(b.count)")
        }
        guard steps >= 2 else { throw ModelError("interpolation needs at least 2 steps, got \(steps)") }
        var codes: [Float] = []
        for i in 0..<steps {
            let t = Float(i) / Float(steps - 1)
            codes += zip(a, b).map { $0 + t * ($1 - $0) }
        }
        return try decodeAll(Tensor(shape: [steps, latentCount], scalars: codes))
    }
}

/// The objective's two terms averaged over a set of observations, computed deterministically (see
/// ``VAE/evaluation(of:posterior:batchSize:)``).
public struct VAEEvaluation: Sendable, Equatable, Codable {
    /// The mean negative log-likelihood of an observation given the decoding of its posterior mean, in nats.
    public var reconstruction: Double
    /// The mean KL divergence from the posterior to the prior, per latent dimension, in nats.
    public var klPerDimension: [Double]

    /// The mean total KL divergence, in nats.
    public var kl: Double { klPerDimension.reduce(0, +) }

    enum CodingKeys: String, CodingKey {
        case reconstruction
        case klPerDimension = "kl_per_dimension"
    }
}

extension VAE {
    /// The reconstruction term (at the posterior mean, so no sampling noise) and the KL term of the objective,
    /// averaged over `observations` (`[count] + observationShape`), in batches without recording gradients.
    ///
    /// Pass the posterior parameters if they are already known, to avoid encoding twice.
    public func evaluation(
        of observations: Tensor, posterior known: PosteriorParameters? = nil, batchSize: Int = 256
    ) throws -> VAEEvaluation {
        let posterior = try known ?? posteriorParameters(of: observations, batchSize: batchSize)
        let count = observations.shape[0]
        guard posterior.mean.shape == [count, latentCount] else {
            throw ModelError("the posterior has shape \(posterior.mean.shape) but there are \(count) observations of \(latentCount) latents")
        }
        guard count > 0 else { throw ModelError("evaluation needs at least one observation") }
        guard batchSize > 0 else { throw ModelError("batchSize must be positive, got \(batchSize)") }
        return withoutGradients {
            var total = 0.0
            for batch in batches(of: count, size: batchSize) {
                let parameters = decoder(posterior.mean.narrowed(alongAxis: 0, start: batch.start, length: batch.length))
                let nll = likelihood.negativeLogLikelihood(
                    parameters: parameters,
                    observations: observations.narrowed(alongAxis: 0, start: batch.start, length: batch.length))
                total += Double(nll.sum().scalar)
            }
            let kl = prior.klDivergence(from: DiagonalGaussian(mean: posterior.mean, logVariance: posterior.logVariance))
            return VAEEvaluation(reconstruction: total / Double(count), klPerDimension: kl.meanPerDimension)
        }
    }
}

/// The consecutive row ranges of at most `size` rows that cover `0..<count`, in order: how the analysis helpers
/// encode and decode many observations.
func batches(of count: Int, size: Int) -> [(start: Int, length: Int)] {
    stride(from: 0, to: count, by: size).map { ($0, Swift.min(size, count - $0)) }
}

extension Tensor {
    /// The mean over the first axis of a `[count, dimensions]` tensor, per dimension, in `Double`, without
    /// recording gradients: the per-latent KL and posterior variance the trainer logs and the analysis reports.
    var meanPerDimension: [Double] {
        withoutGradients { mean(alongAxis: 0).scalars.map(Double.init) }
    }
}
