import COpenBLAS
import Disentangle
import Foundation

/// Convolution throughput against sgemm, measured in the same run.
///
/// For 1 thread and for all cores (``Threading``'s count), each of `rounds` rounds times, back to back: sgemm at
/// 1024^3, sgemm at the conv-shaped M=64, K=576, N=32768, and conv2d forward+backward (input, weight and bias
/// gradients) on the Spatial Broadcast Decoder's hot layer (batch 64, 64->64 channels, 3x3, stride 1, no padding,
/// 38x38 input). Multi-threaded sgemm splits the columns into one single-threaded sgemm per worker, which is how
/// the library parallelises (OpenBLAS stays pinned to one thread). Prints medians over rounds as JSON lines, and
/// the median of the per-round ratios conv / sgemm.
func runConvolutionBenchmarks() {
    let rounds = 7
    let allCores = Threading.threadCount
    var generator = RandomGenerator(seed: 0)
    let square = SgemmProblem(m: 1024, n: 1024, k: 1024, using: &generator)
    let convShaped = SgemmProblem(m: 64, n: 32768, k: 576, using: &generator)
    let layer = ConvolutionProblem(batch: 64, channels: 64, size: 38, using: &generator)
    for threads in Set([1, allCores]).sorted() {
        Threading.setThreadCount(threads)
        _ = square.gflops()
        _ = convShaped.gflops()
        _ = layer.gflops()
        var samples: [String: [Double]] = [:]
        for _ in 0..<rounds {
            let squareRate = square.gflops()
            let convShapedRate = convShaped.gflops()
            let (forward, backward, total) = layer.gflops()
            samples["sgemm_1024x1024x1024", default: []].append(squareRate)
            samples["sgemm_64x576x32768", default: []].append(convShapedRate)
            samples["conv2d_forward_b64_c64_k3_38x38", default: []].append(forward)
            samples["conv2d_backward_b64_c64_k3_38x38", default: []].append(backward)
            samples["conv2d_forward_backward_b64_c64_k3_38x38", default: []].append(total)
            samples["conv2d_forward_backward_over_sgemm_1024", default: []].append(total / squareRate)
            samples["conv2d_forward_backward_over_sgemm_64x576x32768", default: []].append(total / convShapedRate)
        }
        for (name, values) in samples.sorted(by: { $0.key < $1.key }) {
            let unit = name.contains("_over_") ? "ratio" : "GFLOP/s"
            printBenchmarkLine(name: name, value: median(values), unit: unit, threads: threads, rounds: rounds)
        }
    }
    Threading.setThreadCount(allCores)
}

/// A single-precision matrix product `C = A B` timed with the library's threading.
private struct SgemmProblem {
    let m: Int
    let n: Int
    let k: Int
    let a: [Float]
    let b: [Float]

    init(m: Int, n: Int, k: Int, using generator: inout RandomGenerator) {
        self.m = m
        self.n = n
        self.k = k
        a = (0..<m * k).map { _ in generator.nextFloat() - 0.5 }
        b = (0..<k * n).map { _ in generator.nextFloat() - 0.5 }
    }

    /// GFLOP/s of one product, the columns split evenly over ``Threading/threadCount`` single-threaded sgemms.
    func gflops() -> Double {
        var c = [Float](repeating: 0, count: m * n)
        let (m, n, k) = (m, n, k)
        let seconds = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    let (pa, pb, pc) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
                    return measureSeconds {
                        Threading.parallelRanges(n, minimumChunk: 256) { columns in
                            cblas_sgemm(
                                CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(columns.count),
                                blasint(k), 1, pa, blasint(k), pb + columns.lowerBound, blasint(n), 0,
                                pc + columns.lowerBound, blasint(n))
                        }
                    }
                }
            }
        }
        return 2 * Double(m) * Double(n) * Double(k) / seconds / 1e9
    }
}

/// A stride-1, unpadded 3x3 convolution layer with bias, timed forward and backward through autodiff.
private struct ConvolutionProblem {
    let input: Tensor
    let weight: Tensor
    let bias: Tensor
    let upstream: Tensor
    let forwardFLOPs: Double

    init(batch: Int, channels: Int, size: Int, using generator: inout RandomGenerator) {
        input = Tensor.randomNormal([batch, channels, size, size], using: &generator).requiringGradient()
        weight = Tensor.randomNormal([channels, channels, 3, 3], standardDeviation: 0.05, using: &generator)
            .requiringGradient()
        bias = Tensor.randomNormal([channels], using: &generator).requiringGradient()
        upstream = Tensor.randomNormal([batch, channels, size - 2, size - 2], using: &generator)
        let outputPixels = (size - 2) * (size - 2)
        forwardFLOPs = 2 * Double(batch * channels * channels * 9 * outputPixels)
    }

    /// GFLOP/s of the forward pass, of the backward pass (input and weight gradients: twice the forward FLOPs;
    /// the bias gradient is not counted), and of both together.
    func gflops() -> (forward: Double, backward: Double, total: Double) {
        for tensor in [input, weight, bias] { tensor.zeroGradient() }
        var output: Tensor?
        let forwardSeconds = measureSeconds {
            output = Tensor.conv2d(input, weight: weight, bias: bias)
        }
        let backwardSeconds = measureSeconds {
            output?.backward(seed: upstream)
        }
        return (
            forwardFLOPs / forwardSeconds / 1e9, 2 * forwardFLOPs / backwardSeconds / 1e9,
            3 * forwardFLOPs / (forwardSeconds + backwardSeconds) / 1e9
        )
    }
}

/// The wall-clock seconds `body` takes.
private func measureSeconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The median of a non-empty list.
private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Prints one benchmark result as a JSON object on its own line.
private func printBenchmarkLine(name: String, value: Double, unit: String, threads: Int, rounds: Int) {
    let rounded = (value * 1000).rounded() / 1000
    print(#"{"name": "\#(name)", "value": \#(rounded), "unit": "\#(unit)", "threads": \#(threads), "rounds": \#(rounds)}"#)
}
