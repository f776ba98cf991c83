import Disentangle
import Foundation

/// The architectures of the training-throughput benchmark, shared with `Benchmarks/pytorch/train_bench.py`.
enum TrainingArchitecture: String, CaseIterable {
    /// 64×64 encoder + Spatial Broadcast Decoder as in the paper: 72×72 broadcast, four unpadded 3×3 convs of
    /// width 64, 1×1 output.
    case sbdPaper64 = "sbd-paper-64"
    /// 64×64 encoder + padded SBD (dfdazac/vaesbd): 64×64 broadcast, 3×3 convs 12→64→64→1, padded.
    case sbdPadded64 = "sbd-padded-64"
    /// 64×64 encoder + deconv decoder.
    case deconv64 = "deconv-64"
    /// The headline example's SBD at 32×32: 40×40 broadcast, four unpadded 3×3 convs of width 64.
    case sbdPaper32 = "sbd-paper-32"

    var imageSize: Int { self == .sbdPaper32 ? 32 : 64 }

    func makeVAE(using generator: inout RandomGenerator) throws -> VAE {
        let encoder = try ConvolutionalEncoder(imageSize: imageSize, channels: 1, latentCount: 10, using: &generator)
        let decoder: any Decoder
        switch self {
        case .sbdPaper64, .sbdPaper32:
            decoder = try SpatialBroadcastDecoder(imageSize: imageSize, latentCount: 10, using: &generator)
        case .sbdPadded64:
            decoder = try SpatialBroadcastDecoder(
                imageSize: 64, latentCount: 10, width: 64, depth: 2, padded: true, outputKernelSize: 3, using: &generator)
        case .deconv64:
            decoder = try DeconvDecoder(imageSize: 64, latentCount: 10, using: &generator)
        }
        return try VAE(encoder: encoder, decoder: decoder, regularizer: BetaKLRegularizer(beta: 1))
    }
}

/// Peak resident memory of this process, in MiB.
func peakResidentMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Trains each selected architecture for a few steps on a fixed random binary batch of 64 and prints training
/// images/s (median over the timed steps), the process's peak resident memory (then its encoding throughput, see
/// ``printEncodeThroughput(_:vae:rounds:using:)``), and how much that peak grew after the first timed step (`peak_rss_growth_mib`: a training loop reuses the same buffers every step, so anything but
/// about zero means the heap is fragmenting).
///
/// Set `BENCH_STEPS` (default 5) for the number of timed steps; one warm-up step is not timed.
func runTrainingBenchmarks(selected: (String) -> Bool) throws {
    let steps = ProcessInfo.processInfo.environment["BENCH_STEPS"].flatMap(Int.init) ?? 5
    for architecture in TrainingArchitecture.allCases where selected("training." + architecture.rawValue) {
        var generator = RandomGenerator(seed: 0)
        let vae = try architecture.makeVAE(using: &generator)
        let optimizer = try Adam(for: vae, learningRate: 1e-4)
        let size = architecture.imageSize
        let batch = Tensor.randomBernoulli([64, 1, size, size], probability: 0.3, using: &generator)
        var seconds: [Double] = []
        var peakAfterFirstStep = 0.0
        for step in 0...steps {
            let start = Date()
            let objective = vae.objective(batch, step: step, datasetSize: 10_000, using: &generator)
            optimizer.zeroGradients()
            objective.loss.backward()
            optimizer.step()
            if step > 0 { seconds.append(Date().timeIntervalSince(start)) }
            if step == 1 { peakAfterFirstStep = peakResidentMemoryMiB() }
        }
        let median = seconds.sorted()[seconds.count / 2]
        let peak = peakResidentMemoryMiB()
        printBenchmark(
            name: "training." + architecture.rawValue, value: 64 / median, unit: "images/s",
            extra: ["threads": Double(Threading.threadCount), "peak_rss_mib": peak,
                    "peak_rss_growth_mib": peak - peakAfterFirstStep, "steps": Double(steps)])
        try printEncodeThroughput(architecture, vae: vae, rounds: steps, using: &generator)
    }
}

/// Prints the encoder's inference throughput (`encode.<architecture>`): the posterior parameters of 1024 random
/// binary images in batches of 256, images/s, median over `rounds` timed rounds after one untimed round.
func printEncodeThroughput(
    _ architecture: TrainingArchitecture, vae: VAE, rounds: Int, using generator: inout RandomGenerator
) throws {
    let size = architecture.imageSize
    let images = Tensor.randomBernoulli([1024, 1, size, size], probability: 0.3, using: &generator)
    var seconds: [Double] = []
    for round in 0...rounds {
        let start = Date()
        _ = try vae.posteriorParameters(of: images, batchSize: 256)
        if round > 0 { seconds.append(Date().timeIntervalSince(start)) }
    }
    printBenchmark(
        name: "encode." + architecture.rawValue, value: 1024 / seconds.sorted()[seconds.count / 2], unit: "images/s",
        extra: ["threads": Double(Threading.threadCount)])
}
