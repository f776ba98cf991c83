import DisentangleTensor
import Testing

/// The library's C kernels at every SIMD level this CPU supports (baseline SSE2, AVX2+FMA, AVX-512): each level must
/// match the direct `Double` reference within the convolution tolerance, and all levels must agree bit for bit (the
/// kernels do the same operations in the same order at every width, without contraction into FMAs).
@Suite("SIMD levels", .serialized)
struct SIMDLevelTests {
    /// The levels to compare: all up to the CPU's best.
    static var levels: [CPUKernels.SIMDLevel] {
        CPUKernels.SIMDLevel.allCases.filter { $0 <= CPUKernels.supportedSIMDLevel }
    }

    /// Runs `body` at every level and returns its results in level order, restoring the level in use.
    static func atEveryLevel<T>(_ body: () -> T) -> [T] {
        let original = CPUKernels.simdLevel
        defer { CPUKernels.setSIMDLevel(original) }
        return levels.map { level in
            CPUKernels.setSIMDLevel(level)
            #expect(CPUKernels.simdLevel == level)
            return body()
        }
    }

    /// Output and input, weight and bias gradients of a convolution with fixed pseudo-random data.
    static func convolution(_ c: ConvolutionCase, transposed: Bool) -> [[Float]] {
        let cout = transposed ? c.weight[1] : c.weight[0]
        let x = Tensor(shape: c.input, scalars: ConvolutionReference.randomValues(c.input.reduce(1, *), seed: 21).map(Float.init))
            .requiringGradient()
        let w = Tensor(shape: c.weight, scalars: ConvolutionReference.randomValues(c.weight.reduce(1, *), seed: 22).map(Float.init))
            .requiringGradient()
        let b = Tensor(ConvolutionReference.randomValues(cout, seed: 23).map(Float.init)).requiringGradient()
        let y = transposed
            ? Tensor.convTranspose2d(x, weight: w, bias: b, stride: c.stride, padding: c.padding, outputPadding: c.outputPadding)
            : Tensor.conv2d(x, weight: w, bias: b, stride: c.stride, padding: c.padding)
        let upstream = ConvolutionReference.randomValues(y.count, seed: 24).map(Float.init)
        let loss = (y.relu() * Tensor(shape: y.shape, scalars: upstream)).sum()
        return [y.scalars] + gradients(of: loss, wrt: [x, w, b]).map(\.scalars)
    }

    @Test("the SIMD level can be set and reads back, capped at the CPU's best")
    func levelSelection() {
        let results = Self.atEveryLevel { CPUKernels.simdLevel }
        #expect(results == Self.levels)
        #expect(Self.levels.first == .baseline)
    }

    @Test(
        "convolutions match the reference at every level and agree bit for bit across levels",
        arguments: ConvolutionTests.convolutionCases.suffix(8) + ConvolutionTests.phaseSplitCases.prefix(2))
    func convolutions(_ c: ConvolutionCase) {
        let errors = Self.atEveryLevel { ConvolutionTests.errors(c, transposed: false) }
        for e in errors { #expect(e.allSatisfy { $0 <= ConvolutionTests.tolerance }, "relative errors \(e)") }
        let results = Self.atEveryLevel { Self.convolution(c, transposed: false) }
        for (level, result) in zip(Self.levels, results) { #expect(result == results[0], "level \(level.name)") }
    }

    @Test(
        "transposed convolutions agree bit for bit across levels",
        arguments: ConvolutionTests.transposedCases.suffix(2) + ConvolutionTests.phaseSplitTransposedCases.prefix(1))
    func transposedConvolutions(_ c: ConvolutionCase) {
        let results = Self.atEveryLevel { Self.convolution(c, transposed: true) }
        for (level, result) in zip(Self.levels, results) { #expect(result == results[0], "level \(level.name)") }
    }

    @Test("both Winograd algorithms agree bit for bit across levels", arguments: [0, 2, 6, 7].map { WinogradTests.cases[$0] })
    func winograd(_ c: ConvolutionCase) {
        let g = WinogradTests.geometry(c)
        let (x, w, dy) = WinogradTests.data(c, seed: 51)
        for algorithm in WinogradTests.Algorithm.allCases {
            let results = Self.atEveryLevel { WinogradTests.run(algorithm, g, x: x, w: w, dy: dy) }
            for (level, result) in zip(Self.levels, results) {
                #expect(result == results[0], "\(algorithm) at \(level.name)")
            }
        }
    }
}
