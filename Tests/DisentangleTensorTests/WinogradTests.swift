@testable import DisentangleTensor
import Testing

/// Both Winograd algorithms, F(2x2, 3x3) and F(4x4, 3x3), called directly through the shared driver: forward,
/// input gradient and weight gradient against a direct `Double` convolution, and the backward pass as the exact
/// adjoint of the forward one (every SIMD level bit for bit equal to the baseline: ``SIMDLevelTests``).
///
/// Error measure: `max |error| / max Σ |terms|` over a tensor, the terms being the products a value sums (`|w||x|`
/// for an output, `|w||dy|` for an input gradient, `|x||dy|` for a weight gradient); Float accumulation alone gives
/// about 1e-7 of that. Winograd adds the rounding of its transforms, amplified by their coefficients: F(2x2)'s are
/// 1 and ½, F(4x4)'s reach 5 in `Bᵀ` and 8 in `Aᵀ`, so its error is larger. The error is bounded against the
/// largest magnitude of the tensor rather than each value's own: a transform mixes a whole tile, so a value whose
/// own terms are small (an input gradient of a 1-channel output, 9 terms) carries the rounding of its larger
/// neighbours (per value, F(4x4) measured up to 1.1e-5 there, 1e-6 elsewhere). Measured over these cases (every
/// SIMD level equal): see the bounds below, each a few times the largest measured.
@Suite("Winograd", .serialized)
struct WinogradTests {
    /// The largest `max |error| / max Σ |terms|` allowed for F(2x2, 3x3) (largest measured: 1.7e-7).
    static let bound2x2 = 1e-6
    /// The largest `max |error| / max Σ |terms|` allowed for F(4x4, 3x3) (largest measured: 1.2e-6).
    static let bound4x4 = 5e-6

    /// Shapes `[N, C, H, W]` -> `C_out` with padding: odd sizes, widths and heights not multiples of 4 (partial
    /// tiles), paddings 0, 1 and 2, 16 to 64 channels, few output channels, and several tile-row blocks per image.
    static let cases: [ConvolutionCase] = [
        ConvolutionCase(input: [2, 16, 9, 9], weight: [16, 16, 3, 3], stride: (1, 1), padding: (1, 1)),
        ConvolutionCase(input: [1, 17, 13, 11], weight: [5, 17, 3, 3], stride: (1, 1), padding: (0, 0)),
        ConvolutionCase(input: [2, 32, 10, 13], weight: [8, 32, 3, 3], stride: (1, 1), padding: (1, 1)),
        ConvolutionCase(input: [1, 17, 5, 6], weight: [16, 17, 3, 3], stride: (1, 1), padding: (2, 2)),
        ConvolutionCase(input: [2, 24, 38, 38], weight: [6, 24, 3, 3], stride: (1, 1), padding: (0, 0)),
        ConvolutionCase(input: [1, 64, 34, 34], weight: [8, 64, 3, 3], stride: (1, 1), padding: (0, 0)),
        ConvolutionCase(input: [2, 64, 12, 15], weight: [1, 64, 3, 3], stride: (1, 1), padding: (1, 1)),
        ConvolutionCase(input: [1, 16, 50, 42], weight: [3, 16, 3, 3], stride: (1, 1), padding: (1, 0)),
        ConvolutionCase(input: [1, 16, 90, 10], weight: [4, 16, 3, 3], stride: (1, 1), padding: (0, 1)),
    ]

    enum Algorithm: String, CaseIterable, Sendable {
        case f2x2, f4x4

        var bound: Double { self == .f2x2 ? WinogradTests.bound2x2 : WinogradTests.bound4x4 }
    }

    /// Output, input gradient and weight gradient of `y = conv(x, w)` with upstream gradient `dy`.
    struct Results: Equatable {
        var output: [Float]
        var gradInput: [Float]
        var gradWeight: [Float]
    }

    static func geometry(_ c: ConvolutionCase) -> ConvolutionGeometry {
        try! ConvolutionGeometry(input: c.input, weight: c.weight, bias: nil, stride: c.stride, padding: c.padding)
    }

    /// Runs the forward and backward passes of `algorithm`.
    static func run(
        _ algorithm: Algorithm, _ g: ConvolutionGeometry, x: [Float], w: [Float], dy: [Float]
    ) -> Results {
        var output = [Float](repeating: .nan, count: g.batch * g.outImage)
        var gradInput = [Float](repeating: .nan, count: x.count)
        var gradWeight = [Float](repeating: .nan, count: w.count)
        x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                dy.withUnsafeBufferPointer { dy in
                    output.withUnsafeMutableBufferPointer { y in
                        gradInput.withUnsafeMutableBufferPointer { dx in
                            gradWeight.withUnsafeMutableBufferPointer { dw in
                                func pass<T: WinogradTransforms>(_ tiling: T) {
                                    ConvolutionWinograd.forward(
                                        tiling, input: x.baseAddress!, weight: w.baseAddress!, bias: nil,
                                        output: y.baseAddress!)
                                    ConvolutionWinograd.backward(
                                        tiling, gradOutput: dy.baseAddress!, input: x.baseAddress!,
                                        weight: w.baseAddress!, gradInput: dx.baseAddress!, gradInputBias: nil,
                                        gradWeight: dw.baseAddress!, gradBias: nil)
                                }
                                switch algorithm {
                                case .f2x2: pass(Winograd2x2Tiling(g))
                                case .f4x4: pass(Winograd4x4Tiling(g))
                                }
                            }
                        }
                    }
                }
            }
        }
        return Results(output: output, gradInput: gradInput, gradWeight: gradWeight)
    }

    /// Direct convolution in `Double`: values and the sums of the absolute values of their terms.
    struct Direct {
        var output: [Double], outputMagnitude: [Double]
        var gradInput: [Double], gradInputMagnitude: [Double]
        var gradWeight: [Double], gradWeightMagnitude: [Double]

        init(_ g: ConvolutionGeometry, x: [Float], w: [Float], dy: [Float]) {
            output = Array(repeating: 0, count: g.batch * g.outImage)
            outputMagnitude = output
            gradInput = Array(repeating: 0, count: x.count)
            gradInputMagnitude = gradInput
            gradWeight = Array(repeating: 0, count: w.count)
            gradWeightMagnitude = gradWeight
            for n in 0..<g.batch {
                for co in 0..<g.outChannels {
                    for ci in 0..<g.inChannels {
                        for ky in 0..<3 {
                            for kx in 0..<3 {
                                let wi = ((co * g.inChannels + ci) * 3 + ky) * 3 + kx
                                let wv = Double(w[wi])
                                for oy in 0..<g.outHeight {
                                    let iy = oy + ky - g.paddingHeight
                                    guard iy >= 0 && iy < g.inHeight else { continue }
                                    for ox in 0..<g.outWidth {
                                        let ix = ox + kx - g.paddingWidth
                                        guard ix >= 0 && ix < g.inWidth else { continue }
                                        let xi = n * g.inImage + ci * g.inPlane + iy * g.inWidth + ix
                                        let yi = n * g.outImage + co * g.outPlane + oy * g.outWidth + ox
                                        let xv = Double(x[xi]), dv = Double(dy[yi])
                                        output[yi] += wv * xv
                                        outputMagnitude[yi] += abs(wv * xv)
                                        gradInput[xi] += wv * dv
                                        gradInputMagnitude[xi] += abs(wv * dv)
                                        gradWeight[wi] += xv * dv
                                        gradWeightMagnitude[wi] += abs(xv * dv)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `max |actual - expected| / max magnitude`.
    static func error(_ actual: [Float], _ expected: [Double], _ magnitude: [Double]) -> Double {
        let largest = zip(actual, expected).map { abs(Double($0) - $1) }.max() ?? 0
        return largest / max(magnitude.max() ?? 0, .leastNormalMagnitude)
    }

    static func data(_ c: ConvolutionCase, seed: UInt64) -> (x: [Float], w: [Float], dy: [Float]) {
        let g = geometry(c)
        let x = ConvolutionReference.randomValues(c.input.reduce(1, *), seed: seed).map(Float.init)
        let w = ConvolutionReference.randomValues(c.weight.reduce(1, *), seed: seed + 1).map(Float.init)
        let dy = ConvolutionReference.randomValues(g.batch * g.outImage, seed: seed + 2).map(Float.init)
        return (x, w, dy)
    }

    @Test("forward, input and weight gradients match direct convolution within the stated bound", arguments: cases)
    func againstDirect(_ c: ConvolutionCase) {
        let g = Self.geometry(c)
        let (x, w, dy) = Self.data(c, seed: 31)
        let direct = Direct(g, x: x, w: w, dy: dy)
        for algorithm in Algorithm.allCases {
            let r = Self.run(algorithm, g, x: x, w: w, dy: dy)
            let errors = [
                Self.error(r.output, direct.output, direct.outputMagnitude),
                Self.error(r.gradInput, direct.gradInput, direct.gradInputMagnitude),
                Self.error(r.gradWeight, direct.gradWeight, direct.gradWeightMagnitude),
            ]
            #expect(errors.allSatisfy { $0 <= algorithm.bound }, "\(algorithm): errors \(errors)")
        }
    }

    /// `<A x, y> = <x, Aᵀ y>` and `<A_w x, y> = <w, ∂_w>`: the backward pass is the adjoint of what the forward
    /// pass computes, to Float tolerance (dot products in `Double`, relative to `Σ |y| |w| |x|`).
    @Test("the backward pass is the adjoint of the forward pass", arguments: [cases[1], cases[2], cases[7]])
    func adjoint(_ c: ConvolutionCase) {
        let g = Self.geometry(c)
        let (x, w, dy) = Self.data(c, seed: 41)
        let direct = Direct(g, x: x, w: w, dy: dy)
        let scale = zip(direct.outputMagnitude, dy).map { $0 * abs(Double($1)) }.reduce(0, +)
        func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).map { Double($0) * Double($1) }.reduce(0, +) }
        for algorithm in Algorithm.allCases {
            let r = Self.run(algorithm, g, x: x, w: w, dy: dy)
            let forward = dot(r.output, dy)
            #expect(abs(forward - dot(x, r.gradInput)) <= 1e-6 * scale, "\(algorithm): input")
            #expect(abs(forward - dot(w, r.gradWeight)) <= 1e-6 * scale, "\(algorithm): weight")
        }
    }

    @Test("F(4x4) is chosen for the decoder's stride-1 3x3 layers, im2col + GEMM elsewhere; the setting picks F(2x2) or none")
    func choice() throws {
        func algorithm(
            _ input: [Int], _ weight: [Int], padding: Int, stride: Int = 1, choice: CPUKernels.Winograd = .f4x4
        ) throws -> ConvolutionKernel.WinogradAlgorithm? {
            ConvolutionKernel.winogradAlgorithm(
                for: try ConvolutionGeometry(
                    input: input, weight: weight, bias: nil, stride: (stride, stride), padding: (padding, padding)),
                choice: choice)
        }
        #expect(try algorithm([64, 64, 38, 38], [64, 64, 3, 3], padding: 0, choice: .f2x2) == .f2x2)
        #expect(try algorithm([64, 64, 38, 38], [64, 64, 3, 3], padding: 0, choice: .off) == nil)
        #expect(try algorithm([64, 12, 38, 38], [64, 12, 3, 3], padding: 0, choice: .f2x2) == nil)
        #expect(try algorithm([64, 64, 38, 38], [64, 64, 3, 3], padding: 0) == .f4x4)
        #expect(try algorithm([64, 64, 64, 64], [3, 64, 3, 3], padding: 1) == .f4x4)
        #expect(try algorithm([64, 12, 38, 38], [64, 12, 3, 3], padding: 0) == nil)
        #expect(try algorithm([64, 64, 32, 32], [64, 64, 3, 3], padding: 1, stride: 2) == nil)
        #expect(try algorithm([64, 64, 32, 32], [64, 64, 4, 4], padding: 1) == nil)
    }
}
