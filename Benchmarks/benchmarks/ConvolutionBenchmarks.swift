import CDisentangleKernels
import COpenBLAS
import Disentangle
import Foundation

/// Convolution throughput against sgemm, measured in the same run.
///
/// For 1 thread and for all cores (``Threading``'s count), each of `rounds` rounds times, back to back: sgemm at
/// 1024^3, sgemm at the conv-shaped M=64, K=576, N=32768, at a Winograd position's 64x113x64 (and the library's own
/// `cdk_small_gemm` on that shape, `small_gemm_64x113x64`, which the Winograd convolutions use) and a tap GEMM's
/// 64x1024x64, and conv2d forward+backward (input, weight and bias gradients) on the Spatial Broadcast Decoder's
/// hot layer (batch 64, 64->64 channels, 3x3, stride 1, no padding, 38x38 input; Winograd F(4x4, 3x3), so its
/// GFLOP/s count direct-convolution FLOPs and can exceed sgemm's), then the encoder's 4x4 stride-2 convolution and
/// the decoder's 4x4 stride-2 transposed convolution (per-tap GEMMs over a phase-split input). Multi-threaded sgemm splits the columns into one single-threaded sgemm per worker, which is how the
/// library parallelises (OpenBLAS stays pinned to one thread). Prints medians over rounds as JSON lines, and the
/// medians of the per-round ratios layer / sgemm.
func runConvolutionBenchmarks() {
    let rounds = 7
    let allCores = Threading.threadCount
    var generator = RandomGenerator(seed: 0)
    let square = SgemmProblem(m: 1024, n: 1024, k: 1024, using: &generator)
    let convShaped = SgemmProblem(m: 64, n: 32768, k: 576, using: &generator)
    // The products the convolutions make, repeated as they are in a step: a Winograd F(4x4) position's (output
    // channels x tiles of a block x input channels, 36 per block) and one kernel tap's of a strided layer.
    let winogradPosition = SgemmProblem(m: 64, n: 113, k: 64, repetitions: 1000, using: &generator)
    let tap = SgemmProblem(m: 64, n: 1024, k: 64, repetitions: 100, using: &generator)
    let layer = ConvolutionProblem(
        name: "conv2d_forward_backward_b64_c64_k3_38x38", batch: 64, inChannels: 64, outChannels: 64, kernel: 3,
        stride: 1, padding: 0, size: 38, using: &generator)
    // The encoder's and the deconvolution decoder's 4x4 stride-2 layers (im2col + GEMM).
    let encoderLayer = ConvolutionProblem(
        name: "conv2d_forward_backward_b64_c32_k4_s2_32x32", batch: 64, inChannels: 32, outChannels: 32, kernel: 4,
        stride: 2, padding: 1, size: 32, using: &generator)
    let decoderLayer = ConvolutionProblem(
        name: "conv_transpose2d_forward_backward_b64_c32_k4_s2_16x16", batch: 64, inChannels: 32, outChannels: 32,
        kernel: 4, stride: 2, padding: 1, size: 16, transposed: true, using: &generator)
    for threads in Set([1, allCores]).sorted() {
        Threading.setThreadCount(threads)
        _ = square.gflops()
        _ = convShaped.gflops()
        _ = winogradPosition.gflops()
        _ = tap.gflops()
        _ = layer.gflops()
        _ = encoderLayer.gflops()
        _ = decoderLayer.gflops()
        var samples: [String: [Double]] = [:]
        for _ in 0..<rounds {
            let squareRate = square.gflops()
            let convShapedRate = convShaped.gflops()
            let (forward, backward, total) = layer.gflops()
            samples["sgemm_1024x1024x1024", default: []].append(squareRate)
            samples["sgemm_64x576x32768", default: []].append(convShapedRate)
            samples["sgemm_64x113x64", default: []].append(winogradPosition.gflops())
            samples["small_gemm_64x113x64", default: []].append(winogradPosition.gflops(smallGEMM: true))
            samples["sgemm_64x1024x64", default: []].append(tap.gflops())
            samples["conv2d_forward_b64_c64_k3_38x38", default: []].append(forward)
            samples["conv2d_backward_b64_c64_k3_38x38", default: []].append(backward)
            samples[layer.name, default: []].append(total)
            samples["conv2d_forward_backward_over_sgemm_1024", default: []].append(total / squareRate)
            samples["conv2d_forward_backward_over_sgemm_64x576x32768", default: []].append(total / convShapedRate)
            for problem in [encoderLayer, decoderLayer] {
                let rate = problem.gflops().total
                samples[problem.name, default: []].append(rate)
                samples[problem.name + "_over_sgemm_1024", default: []].append(rate / squareRate)
            }
        }
        for (name, values) in samples.sorted(by: { $0.key < $1.key }) {
            let unit = name.contains("_over_") ? "ratio" : "GFLOP/s"
            printBenchmark(
                name: name, value: median(values), unit: unit,
                extra: ["threads": Double(threads), "rounds": Double(rounds)])
        }
    }
    Threading.setThreadCount(allCores)
}

/// A single-precision matrix product `C = A B` timed with the library's threading, `repetitions` times in a row
/// (products too short to time alone).
private struct SgemmProblem {
    let m: Int
    let n: Int
    let k: Int
    let repetitions: Int
    let a: [Float]
    let b: [Float]

    init(m: Int, n: Int, k: Int, repetitions: Int = 1, using generator: inout RandomGenerator) {
        self.m = m
        self.n = n
        self.k = k
        self.repetitions = repetitions
        a = (0..<m * k).map { _ in generator.nextFloat() - 0.5 }
        b = (0..<k * n).map { _ in generator.nextFloat() - 0.5 }
    }

    /// GFLOP/s of one product, the columns split evenly over ``Threading/threadCount`` single-threaded sgemms (or
    /// `cdk_small_gemm`s, reading `a` as the `k x m` transpose, with `smallGEMM`).
    func gflops(smallGEMM: Bool = false) -> Double {
        var c = [Float](repeating: 0, count: m * n)
        let (m, n, k) = (m, n, k)
        let seconds = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    let (pa, pb, pc) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
                    return measureSeconds {
                        for _ in 0..<repetitions {
                            Threading.parallelRanges(n, minimumChunk: 256) { columns in
                                if smallGEMM {
                                    cdk_small_gemm(
                                        m, columns.count, k, pa, m, pb + columns.lowerBound, n, pc + columns.lowerBound, n)
                                    return
                                }
                                cblas_sgemm(
                                    CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(columns.count),
                                    blasint(k), 1, pa, blasint(k), pb + columns.lowerBound, blasint(n), 0,
                                    pc + columns.lowerBound, blasint(n))
                            }
                        }
                    }
                }
            }
        }
        return 2 * Double(m) * Double(n) * Double(k) * Double(repetitions) / seconds / 1e9
    }
}

/// A convolution or transposed convolution layer with bias, timed forward and backward through autodiff.
private struct ConvolutionProblem {
    let name: String
    let transposed: Bool
    let stride: Int
    let padding: Int
    let input: Tensor
    let weight: Tensor
    let bias: Tensor
    let upstream: Tensor
    let forwardFLOPs: Double

    init(
        name: String, batch: Int, inChannels: Int, outChannels: Int, kernel: Int, stride: Int, padding: Int,
        size: Int, transposed: Bool = false, using generator: inout RandomGenerator
    ) {
        self.name = name
        self.transposed = transposed
        self.stride = stride
        self.padding = padding
        input = Tensor.randomNormal([batch, inChannels, size, size], using: &generator).requiringGradient()
        let weightShape = transposed
            ? [inChannels, outChannels, kernel, kernel] : [outChannels, inChannels, kernel, kernel]
        weight = Tensor.randomNormal(weightShape, standardDeviation: 0.05, using: &generator).requiringGradient()
        bias = Tensor.randomNormal([outChannels], using: &generator).requiringGradient()
        let outputSize = transposed ? (size - 1) * stride - 2 * padding + kernel : (size + 2 * padding - kernel) / stride + 1
        upstream = Tensor.randomNormal([batch, outChannels, outputSize, outputSize], using: &generator)
        // One multiply-add per weight per pixel of the smaller (convolution-output) side.
        let pixels = transposed ? size * size : outputSize * outputSize
        let macs = batch * inChannels * outChannels * kernel * kernel * pixels
        forwardFLOPs = 2 * Double(macs)
    }

    /// GFLOP/s of the forward pass, of the backward pass (input and weight gradients: twice the forward FLOPs;
    /// the bias gradient is not counted), and of both together.
    func gflops() -> (forward: Double, backward: Double, total: Double) {
        for tensor in [input, weight, bias] { tensor.zeroGradient() }
        var output: Tensor?
        let forwardSeconds = measureSeconds {
            output = transposed
                ? Tensor.convTranspose2d(input, weight: weight, bias: bias, stride: stride, padding: padding)
                : Tensor.conv2d(input, weight: weight, bias: bias, stride: stride, padding: padding)
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
