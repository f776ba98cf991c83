import DisentangleModels
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// A posterior and sample with hand-checkable numbers.
private func smallInput(step: Int = 0, datasetSize: Int = 1000) -> RegularizerInput {
    let posterior = DiagonalGaussian(
        mean: Tensor(shape: [2, 2], scalars: [1, 0, -1, 2]),
        logVariance: Tensor(shape: [2, 2], scalars: [0, Float(Foundation.log(2.0)), 0, 0]))
    let kl = StandardNormalPrior().klDivergence(from: posterior)
    return RegularizerInput(
        posterior: posterior, sample: Tensor(shape: [2, 2], scalars: [0.5, -0.5, 0.25, 1]),
        prior: StandardNormalPrior(), klPerDimension: kl, step: step, datasetSize: datasetSize)
}

@Suite("VAE objectives against hand-computed values")
struct ObjectiveTests {
    @Test func klPerDimensionMatchesClosedForm() {
        let kl = smallInput().klPerDimension.scalars
        // 0.5 (μ² + σ² - log σ² - 1)
        let log2: Double = Foundation.log(2.0)
        let expected: [Double] = [0.5, 0.5 * (1 - log2), 0.5, 2]
        for (a, b) in zip(kl, expected) { #expect(Swift.abs(Double(a) - b) < 1e-6) }
    }

    @Test func betaKL() throws {
        let input = smallInput()
        let meanKL: Double = (3 + 0.5 * (1 - Foundation.log(2.0))) / 2
        let out = try BetaKLRegularizer(beta: 4).penalty(for: input)
        #expect(Swift.abs(Double(out.penalty.scalar) - 4 * meanKL) < 1e-5)
        #expect(throws: ModelError.self) { try BetaKLRegularizer(beta: -1) }
        #expect(throws: ModelError.self) { try BetaKLRegularizer(beta: .nan) }
    }

    @Test func capacityAnnealing() throws {
        let r = try CapacityAnnealedRegularizer(gamma: 100, startCapacity: 1, maximumCapacity: 5, annealingSteps: 8)
        #expect(r.capacity(atStep: 0) == 1)
        #expect(r.capacity(atStep: 4) == 3)
        #expect(r.capacity(atStep: 8) == 5)
        #expect(r.capacity(atStep: 1000) == 5)
        let meanKL: Double = (3 + 0.5 * (1 - Foundation.log(2.0))) / 2  // ≈ 1.5767
        let early = r.penalty(for: smallInput(step: 0))
        #expect(Swift.abs(Double(early.penalty.scalar) - 100 * Swift.abs(meanKL - 1)) < 1e-3)
        let late = r.penalty(for: smallInput(step: 8))
        #expect(Swift.abs(Double(late.penalty.scalar) - 100 * Swift.abs(meanKL - 5)) < 1e-3)
        #expect(late.diagnostics["capacity"] == 5)
        #expect(throws: ModelError.self) { try CapacityAnnealedRegularizer(annealingSteps: 0) }
    }

    @Test func dipVAECovariances() throws {
        let input = smallInput()
        // Means (1, 0) and (-1, 2): centred (1, -1), (-1, 1); population covariance [[1, -1], [-1, 1]].
        let dipI = try DIPVAERegularizer(variant: .i, offDiagonalWeight: 2)
        #expect(dipI.diagonalWeight == 20)
        #expect(dipI.covariance(of: input.posterior).scalars == [1, -1, -1, 1])
        let outI = dipI.penalty(for: input)
        // Off-diagonal: 2 · ((-1)² + (-1)²) = 4; diagonal: 20 · 0 = 0.
        #expect(Swift.abs(Double(outI.penalty.scalar - input.meanKL.scalar) - 4) < 1e-5)
        // II adds E[σ²] = (1, 1.5) to the diagonal: [[2, -1], [-1, 2.5]].
        let dipII = try DIPVAERegularizer(variant: .ii, offDiagonalWeight: 1)
        #expect(close(dipII.covariance(of: input.posterior).scalars, [2, -1, -1, 2.5]))
        let outII = dipII.penalty(for: input)
        // 1 · 2 + 1 · (1² + 1.5²) = 5.25
        #expect(Swift.abs(Double(outII.penalty.scalar - input.meanKL.scalar) - 5.25) < 1e-4)
    }

    @Test func objectivesAreDifferentiable() throws {
        let regularizers: [any Regularizer] = [
            try BetaKLRegularizer(beta: 3), try CapacityAnnealedRegularizer(),
            try DIPVAERegularizer(variant: .i), try DIPVAERegularizer(variant: .ii),
            try BetaTCVAERegularizer(beta: 6), try BetaTCVAERegularizer(beta: 6, alpha: 0.5, gamma: 2, estimator: .minibatchStratified),
        ]
        for regularizer in regularizers {
            var generator = RandomGenerator(seed: 5)
            let mean = Tensor.randomNormal([6, 3], using: &generator).requiringGradient()
            let logVariance = (Tensor.randomNormal([6, 3], using: &generator) * 0.3).requiringGradient()
            let posterior = DiagonalGaussian(mean: mean, logVariance: logVariance)
            let z = posterior.sample(using: &generator)
            let input = RegularizerInput(
                posterior: posterior, sample: z, prior: StandardNormalPrior(),
                klPerDimension: StandardNormalPrior().klDivergence(from: posterior), step: 10, datasetSize: 100)
            let out = regularizer.penalty(for: input)
            let g = gradients(of: out.penalty, wrt: [mean, logVariance])
            #expect(g.allSatisfy { $0.isFinite && $0.abs().sum().scalar > 0 }, "\(regularizer.name)")
        }
    }
}

/// log N(z; μ, σ²) in Double.
private func logNormal(_ z: Double, _ mu: Double, _ logVariance: Double) -> Double {
    -0.5 * (Foundation.log(2 * Double.pi) + logVariance + (z - mu) * (z - mu) / Foundation.exp(logVariance))
}

private func logSumExp(_ values: [Double]) -> Double {
    let m = values.max()!
    return m + Foundation.log(values.reduce(0) { $0 + Foundation.exp($1 - m) })
}

@Suite("β-TCVAE estimators against brute force")
struct BetaTCVAEEstimatorTests {
    let b = 5
    let d = 3
    let n = 40

    func randomInput(seed: UInt64) -> (RegularizerInput, mean: [Double], logVariance: [Double], z: [Double]) {
        var generator = RandomGenerator(seed: seed)
        let mean = Tensor.randomNormal([b, d], using: &generator)
        let logVariance = Tensor.randomNormal([b, d], using: &generator) * 0.5
        let posterior = DiagonalGaussian(mean: mean, logVariance: logVariance)
        let z = posterior.sample(using: &generator)
        let input = RegularizerInput(
            posterior: posterior, sample: z, prior: StandardNormalPrior(),
            klPerDimension: StandardNormalPrior().klDivergence(from: posterior), step: 0, datasetSize: n)
        return (input, mean.scalars.map(Double.init), logVariance.scalars.map(Double.init), z.scalars.map(Double.init))
    }

    /// Total correlation computed with explicit loops in Double from the estimator's formula and weights.
    func bruteForceTC(mean: [Double], logVariance: [Double], z: [Double], logWeight: (Int, Int) -> Double) -> Double {
        var total = 0.0
        for i in 0..<b {
            var joint: [Double] = []
            var perDim = [[Double]](repeating: [], count: d)
            for j in 0..<b {
                var s = 0.0
                for k in 0..<d {
                    let l = logNormal(z[i * d + k], mean[j * d + k], logVariance[j * d + k])
                    s += l
                    perDim[k].append(l + logWeight(i, j))
                }
                joint.append(s + logWeight(i, j))
            }
            let logQZ = logSumExp(joint)
            let logProduct = perDim.reduce(0) { $0 + logSumExp($1) }
            total += logQZ - logProduct
        }
        return total / Double(b)
    }

    @Test func minibatchWeightedMatchesBruteForce() throws {
        let (input, mean, logVariance, z) = randomInput(seed: 11)
        let tc = try BetaTCVAERegularizer(estimator: .minibatchWeighted).decomposition(for: input).totalCorrelation
        let shift = -Foundation.log(Double(n) * Double(b))
        let expected = bruteForceTC(mean: mean, logVariance: logVariance, z: z) { _, _ in shift }
        #expect(Swift.abs(Double(tc.scalar) - expected) < 1e-4)
    }

    @Test func minibatchStratifiedMatchesBruteForce() throws {
        let (input, mean, logVariance, z) = randomInput(seed: 12)
        let tc = try BetaTCVAERegularizer(estimator: .minibatchStratified).decomposition(for: input).totalCorrelation
        let m = Double(b - 1)
        let nd = Double(n)
        let expected = bruteForceTC(mean: mean, logVariance: logVariance, z: z) { i, j in
            if i == j { return Foundation.log(1 / nd) }
            if j == (i + 1) % b { return Foundation.log((nd - m) / (nd * m)) }
            return Foundation.log(1 / m)
        }
        #expect(Swift.abs(Double(tc.scalar) - expected) < 1e-4)
    }

    @Test func stratifiedWeightsSitOnTheDiagonalAndSumToOne() {
        let w = BetaTCVAERegularizer.stratifiedLogWeights(batchSize: 4, datasetSize: 10).exp()
        for i in 0..<4 {
            #expect(Swift.abs(w[i, i] - 0.1) < 1e-6)
            let row = (0..<4).map { w[i, $0] }
            #expect(Swift.abs(row.reduce(0, +) - 1) < 1e-6)
        }
    }

    /// Σ_j w_ij q(z|x_j) is unbiased for the aggregate posterior q(z) = (1/N) Σ_n q(z|n) when the other batch
    /// members are drawn uniformly without replacement: enumerate every ordered choice on a tiny dataset.
    @Test func stratifiedEstimatorIsUnbiasedOnATinyDataset() {
        let dataset: [Double] = [-1.5, -0.2, 0.4, 1.1, 2.0]  // posterior means, unit variance
        let bigN = dataset.count
        let batch = 3
        let weights = BetaTCVAERegularizer.stratifiedLogWeights(batchSize: batch, datasetSize: bigN).exp()
        let z = 0.3
        let density = { (mu: Double) in Foundation.exp(logNormal(z, mu, 0)) }
        let exact = dataset.map(density).reduce(0, +) / Double(bigN)
        for own in 0..<bigN {
            let others = (0..<bigN).filter { $0 != own }
            var sum = 0.0
            var count = 0
            for a in others {
                for c in others where c != a {
                    let members = [own, a, c]
                    sum += (0..<batch).reduce(0.0) { $0 + Double(weights[0, $1]) * density(dataset[members[$1]]) }
                    count += 1
                }
            }
            // The estimate is unbiased up to the sample's own term, which the weight 1/N makes exact.
            #expect(Swift.abs(sum / Double(count) - exact) < 1e-6)
        }
    }
}

