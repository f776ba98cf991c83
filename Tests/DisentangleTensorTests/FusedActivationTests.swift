@testable import DisentangleTensor
import Testing

/// `conv2d(..., activation: .relu)` against `conv2d(...).relu()`: the output and the input, weight and bias
/// gradients must be bit for bit equal (compared as bit patterns, so signed zeros and NaNs count) on every
/// convolution path (Winograd F(4x4) and, called directly, F(2x2); per-tap GEMMs; im2col; 1x1 kernels), with
/// outputs exactly zero (a channel whose weights and bias are zero) and NaN outputs (a NaN input pixel).
@Suite("Fused convolution + ReLU")
struct FusedActivationTests {
    /// One case per path, with and without bias.
    static let cases: [(name: String, c: ConvolutionCase)] = [
        ("winograd f4x4", ConvolutionCase(input: [2, 16, 9, 9], weight: [16, 16, 3, 3], stride: (1, 1), padding: (1, 1))),
        ("winograd f4x4 odd", ConvolutionCase(input: [3, 20, 11, 10], weight: [3, 20, 3, 3], stride: (1, 1), padding: (0, 0), hasBias: false)),
        ("winograd f4x4 blocks", ConvolutionCase(input: [2, 16, 41, 39], weight: [16, 16, 3, 3], stride: (1, 1), padding: (1, 1))),
        ("tap gemm", ConvolutionCase(input: [2, 8, 8, 8], weight: [6, 8, 4, 4], stride: (2, 2), padding: (1, 1))),
        ("tap gemm no bias", ConvolutionCase(input: [1, 16, 7, 6], weight: [4, 16, 4, 4], stride: (2, 1), padding: (1, 2), hasBias: false)),
        ("tap gemm blocks", ConvolutionCase(input: [12, 16, 34, 34], weight: [8, 16, 4, 4], stride: (2, 2), padding: (1, 1))),
        ("im2col", ConvolutionCase(input: [2, 3, 7, 6], weight: [4, 3, 3, 3], stride: (1, 1), padding: (0, 0))),
        ("im2col strided", ConvolutionCase(input: [3, 2, 9, 8], weight: [5, 2, 3, 2], stride: (2, 1), padding: (1, 2))),
        ("im2col large", ConvolutionCase(input: [2, 8, 36, 36], weight: [4, 8, 3, 3], stride: (1, 1), padding: (1, 1), hasBias: false)),
        ("pointwise", ConvolutionCase(input: [4, 3, 6, 6], weight: [2, 3, 1, 1], stride: (1, 1), padding: (0, 0))),
        ("pointwise wide", ConvolutionCase(input: [2, 64, 20, 20], weight: [3, 64, 1, 1], stride: (1, 1), padding: (0, 0))),
    ]

    static var caseNames: [String] { cases.map(\.name) }

    static func find(_ name: String) -> ConvolutionCase { cases.first { $0.name == name }!.c }

    /// Input, weight, bias (or nil) and upstream gradient: pseudo-random, output channel 0 made exactly zero
    /// (zero weights and bias), and one NaN input pixel if `nan`.
    static func data(_ c: ConvolutionCase, nan: Bool) -> (x: [Float], w: [Float], b: [Float]?, dy: [Float]) {
        var x = ConvolutionReference.randomValues(c.input.reduce(1, *), seed: 31).map(Float.init)
        var w = ConvolutionReference.randomValues(c.weight.reduce(1, *), seed: 32).map(Float.init)
        var b = ConvolutionReference.randomValues(c.weight[0], seed: 33).map(Float.init)
        let perChannel = c.weight.dropFirst().reduce(1, *)
        for i in 0..<perChannel { w[i] = 0 }
        b[0] = 0
        if nan { x[x.count / 2 + 1] = .nan }
        let outputCount = ConvolutionReference.outputShape(c, transposed: false).reduce(1, *)
        let dy = ConvolutionReference.randomValues(outputCount, seed: 34).map(Float.init)
        return (x, w, c.hasBias ? b : nil, dy)
    }

    /// Output and input, weight, bias gradients (as bit patterns) of the rectified convolution, fused or not.
    static func run(_ c: ConvolutionCase, fused: Bool, nan: Bool) -> [[UInt32]] {
        let d = data(c, nan: nan)
        let x = Tensor(shape: c.input, scalars: d.x).requiringGradient()
        let w = Tensor(shape: c.weight, scalars: d.w).requiringGradient()
        let b = d.b.map { Tensor($0).requiringGradient() }
        let y = fused
            ? Tensor.conv2d(x, weight: w, bias: b, stride: c.stride, padding: c.padding, activation: .relu)
            : Tensor.conv2d(x, weight: w, bias: b, stride: c.stride, padding: c.padding).relu()
        let loss = (y * Tensor(shape: y.shape, scalars: d.dy)).sum()
        let grads = gradients(of: loss, wrt: [x, w] + (b.map { [$0] } ?? []))
        return ([y.scalars] + grads.map(\.scalars)).map { $0.map(\.bitPattern) }
    }

    @Test("conv2d(activation: .relu) is bit for bit conv2d(...).relu(), values and gradients", arguments: caseNames)
    func fusedEqualsUnfused(_ name: String) {
        let c = Self.find(name)
        for nan in [false, true] {
            let fused = Self.run(c, fused: true, nan: nan)
            let unfused = Self.run(c, fused: false, nan: nan)
            #expect(fused.count == unfused.count)
            for (i, (f, u)) in zip(fused, unfused).enumerated() {
                #expect(f == u, "\(name) nan \(nan): tensor \(i) (output, dx, dw, db) differs")
            }
            // The zeroed channel is exactly zero after the activation.
            #expect(fused[0][0] == Float(0).bitPattern)
        }
    }

    @Test("the paths are the ones named")
    func pathsReached() {
        func geometry(_ name: String) -> ConvolutionGeometry {
            let c = Self.find(name)
            return try! ConvolutionGeometry(
                input: c.input, weight: c.weight, bias: nil, stride: c.stride, padding: c.padding)
        }
        for name in Self.caseNames {
            let g = geometry(name)
            let winograd = ConvolutionKernel.winogradAlgorithm(for: g) != nil
            let tap = !winograd && ConvolutionTapGEMM.applies(to: g)
            #expect(winograd == name.hasPrefix("winograd"), "\(name)")
            #expect(tap == name.hasPrefix("tap"), "\(name)")
        }
    }

    /// Output and gradients (bit patterns) of a Winograd algorithm called directly, rectifying in the kernels or
    /// applying `cdk_relu` and `cdk_relu_mask` around the identity kernels.
    static func winograd<T: WinogradTransforms>(_ tiling: T, _ c: ConvolutionCase, fused: Bool) -> [[UInt32]] {
        let g = tiling.geometry
        let d = data(c, nan: true)
        let b = d.b ?? [Float](repeating: 0, count: g.outChannels)
        var y = [Float](repeating: .nan, count: g.batch * g.outImage)
        var masked = d.dy
        var dx = [Float](repeating: .nan, count: d.x.count)
        var dw = [Float](repeating: .nan, count: d.w.count)
        var db = [Float](repeating: .nan, count: g.outChannels)
        y.withUnsafeMutableBufferPointer { y in
            if fused {
                ConvolutionWinograd.forward(
                    tiling, input: d.x, weight: d.w, bias: b, rectify: true, output: y.baseAddress!)
                ConvolutionWinograd.backward(
                    tiling, gradOutput: d.dy, rectifiedOutput: y.baseAddress!, input: d.x, weight: d.w,
                    gradInput: &dx, gradInputBias: nil, gradWeight: &dw, gradBias: &db)
            } else {
                ConvolutionWinograd.forward(tiling, input: d.x, weight: d.w, bias: b, output: y.baseAddress!)
                Tensor.rectify(y.baseAddress!, into: y.baseAddress!, count: y.count)
                masked.withUnsafeMutableBufferPointer { m in
                    Tensor.maskByPositive(m.baseAddress!, y.baseAddress!, into: m.baseAddress!, count: m.count)
                }
                ConvolutionWinograd.backward(
                    tiling, gradOutput: masked, input: d.x, weight: d.w,
                    gradInput: &dx, gradInputBias: nil, gradWeight: &dw, gradBias: &db)
            }
        }
        return [y, dx, dw, db].map { $0.map(\.bitPattern) }
    }

    @Test(
        "both Winograd algorithms rectify and mask in their transforms bit for bit as relu() does",
        arguments: ["winograd f4x4", "winograd f4x4 odd", "winograd f4x4 blocks"])
    func winogradDirect(_ name: String) {
        let c = Self.find(name)
        let g = try! ConvolutionGeometry(input: c.input, weight: c.weight, bias: nil, stride: c.stride, padding: c.padding)
        let f2 = (Self.winograd(Winograd2x2Tiling(g), c, fused: true), Self.winograd(Winograd2x2Tiling(g), c, fused: false))
        let f4 = (Self.winograd(Winograd4x4Tiling(g), c, fused: true), Self.winograd(Winograd4x4Tiling(g), c, fused: false))
        for (i, (f, u)) in zip(f2.0, f2.1).enumerated() { #expect(f == u, "F(2x2) \(name): tensor \(i) differs") }
        for (i, (f, u)) in zip(f4.0, f4.1).enumerated() { #expect(f == u, "F(4x4) \(name): tensor \(i) differs") }
    }
}

extension SIMDLevelTests {
    @Test("fused convolution + ReLU equals the unfused one at every SIMD level, and the levels agree bit for bit",
          arguments: FusedActivationTests.caseNames)
    func fusedActivation(_ name: String) {
        let c = FusedActivationTests.find(name)
        let results = Self.atEveryLevel { () -> [[UInt32]] in
            let fused = FusedActivationTests.run(c, fused: true, nan: true)
            #expect(fused == FusedActivationTests.run(c, fused: false, nan: true), "level \(CPUKernels.simdLevel.name)")
            if FusedActivationTests.caseNames.prefix(3).contains(name) {
                let g = try! ConvolutionGeometry(
                    input: c.input, weight: c.weight, bias: nil, stride: c.stride, padding: c.padding)
                #expect(
                    FusedActivationTests.winograd(Winograd2x2Tiling(g), c, fused: true)
                        == FusedActivationTests.winograd(Winograd2x2Tiling(g), c, fused: false),
                    "F(2x2) level \(CPUKernels.simdLevel.name)")
            }
            return fused
        }
        for (level, result) in zip(Self.levels, results) { #expect(result == results[0], "level \(level.name)") }
    }
}
