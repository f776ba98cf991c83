import CDisentangleKernels

/// The tile transforms of Winograd's minimal filtering algorithm F(4x4, 3x3) (Lavin & Gray, 2016) and their
/// adjoints, for a stride-1 3x3 cross-correlation: 6x6 input tiles stepping by 4, 36 transformed positions, 2.25
/// multiplications per output (F(2x2, 3x3): 4; direct: 9).
///
/// Derivation (modified Toom-Cook). A 1-D correlation `y_i = Σ_k g_k d_{i+k}` (4 outputs, 3 taps, 6 inputs) is
/// the transpose, in `d`, of the polynomial product `s(x) = g(x) h(x)` (`h` of degree 3). Evaluating `g` and `h`
/// at the points 0, 1, -1, 2, -2 and ∞ (the leading coefficient) and interpolating `s` (degree 5) from the six
/// products gives `s = E⁻¹ [(P_g g) ⊙ (P_h h)]`, with `E` the 6x6 evaluation matrix of degree 5; transposing,
/// `y = P_hᵀ [(P_g g) ⊙ (E⁻ᵀ d)]`, so `Aᵀ = P_hᵀ`, `G = P_g` and `Bᵀ = E⁻ᵀ`, each row of `Bᵀ` scaled to integers
/// and `G`'s row divided by the same factor:
///
///     Bᵀ = [4  0 -5  0  1  0        G = [1/4     0     0        Aᵀ = [1  1  1  1  1  0
///           0  4  4 -1 -1  0             1/6   1/6   1/6               0  1 -1  2 -2  0
///           0 -4  4  1 -1  0             1/6  -1/6   1/6               0  1  1  4  4  0
///           0 -2 -1  2  1  0             1/24  1/12  1/6               0  1 -1  8 -8  1]
///           0  2 -1 -2  1  0             1/24 -1/12  1/6
///           0  4  0 -5  0  1]            0     0     1  ]
///
/// (`Σ_j Aᵀ[i][j] G[j][k] Bᵀ[j][l] = [l = i + k]` checked exactly in rationals.) The 2-D tile is
/// `Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A`.
///
/// Points: 0, ±1, ±2 rather than 0, ±1, ±½ or 0, ±1, 2, -½. Simulated in Float (64 input channels, 400 tiles,
/// uniform data in [-1, 1)), the largest error relative to `Σ |w||x|` was 1.5e-6 for ±2, 1.8e-6 for ±½ and
/// 6.1e-7 for {2, -½}, against 7.6e-8 for F(2x2); {2, -½} is 2.4x more accurate but its `Bᵀ` has five
/// non-power-of-two entries per row (the transforms are a third of the training time), ±½ is no better than ±2,
/// so ±2 with the cheapest `Bᵀ`. The measured errors of this implementation are in `WinogradTests`.
///
/// Rows are split into four column phases so that each tile row is a contiguous stream of tiles; the input,
/// output and gradient transforms run in C (`cdk_winograd4_*`), vectorised for the CPU's widest SIMD at run time.
struct Winograd4x4Tiling: WinogradTransforms {
    static let positions = 36
    let geometry: ConvolutionGeometry
    let tilesHigh: Int
    let tilesWide: Int

    /// The same shape as the C kernels take it.
    let shape: cdk_winograd_tiling

    init(_ geometry: ConvolutionGeometry) {
        self.geometry = geometry
        tilesHigh = (geometry.outHeight + 3) / 4
        tilesWide = (geometry.outWidth + 3) / 4
        shape = cdk_winograd_tiling(geometry, tilesHigh: tilesHigh, tilesWide: tilesWide)
    }

    /// Length of one column phase of a row: one more than `tilesWide`.
    private var quarter: Int { tilesWide + 1 }

    // MARK: Weights

    /// `G x` for a 3-vector `x` (a column, then a row, of the kernel); integer combinations first, one division.
    @inline(__always)
    private static func g(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float, Float, Float, Float, Float) {
        let ac = a + c, a4c = a + 4 * c, b2 = 2 * b
        return (0.25 * a, (ac + b) / 6, (ac - b) / 6, (a4c + b2) / 24, (a4c - b2) / 24, c)
    }

    /// `Gᵀ x` for a 6-vector `x`: the adjoint of ``g(_:_:_:)``.
    @inline(__always)
    private static func gTransposed(
        _ x0: Float, _ x1: Float, _ x2: Float, _ x3: Float, _ x4: Float, _ x5: Float
    ) -> (Float, Float, Float) {
        let s12 = x1 + x2, d12 = x1 - x2, s34 = x3 + x4, d34 = x3 - x4
        return (0.25 * x0 + (4 * s12 + s34) / 24, (2 * d12 + d34) / 12, (s12 + s34) / 6 + x5)
    }

    func transformWeights(_ weight: UnsafePointer<Float>, transposed: Bool, into u: UnsafeMutablePointer<Float>) {
        let count = geometry.outChannels * geometry.inChannels
        // Each kernel is transformed alone, so splitting the kernels across threads does not change the values.
        Threading.parallelRanges(count, minimumChunk: 512) { kernels in
            for index in kernels {
                let w = weight + 9 * index
                let destination = transformedKernelIndex(index, transposed: transposed)
                // Columns of G g (6 x 3), then each row of it times Gᵀ (row i of the result is position 6 i + j).
                let c0 = Self.g(w[0], w[3], w[6]), c1 = Self.g(w[1], w[4], w[7]), c2 = Self.g(w[2], w[5], w[8])
                func store(_ i: Int, _ r0: Float, _ r1: Float, _ r2: Float) {
                    let t = Self.g(r0, r1, r2)
                    u[(6 * i + 0) * count + destination] = t.0
                    u[(6 * i + 1) * count + destination] = t.1
                    u[(6 * i + 2) * count + destination] = t.2
                    u[(6 * i + 3) * count + destination] = t.3
                    u[(6 * i + 4) * count + destination] = t.4
                    u[(6 * i + 5) * count + destination] = t.5
                }
                store(0, c0.0, c1.0, c2.0)
                store(1, c0.1, c1.1, c2.1)
                store(2, c0.2, c1.2, c2.2)
                store(3, c0.3, c1.3, c2.3)
                store(4, c0.4, c1.4, c2.4)
                store(5, c0.5, c1.5, c2.5)
            }
        }
    }

    func weightGradient(fromTransformed du: UnsafePointer<Float>, into gradWeight: UnsafeMutablePointer<Float>) {
        let count = geometry.outChannels * geometry.inChannels
        for index in 0..<count {
            // Each row of dU times G (6 x 3), then each column of that times Gᵀ.
            func row(_ i: Int) -> (Float, Float, Float) {
                let x = du + 6 * i * count + index
                return Self.gTransposed(x[0], x[count], x[2 * count], x[3 * count], x[4 * count], x[5 * count])
            }
            let r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3), r4 = row(4), r5 = row(5)
            let g = gradWeight + 9 * index
            let c0 = Self.gTransposed(r0.0, r1.0, r2.0, r3.0, r4.0, r5.0)
            let c1 = Self.gTransposed(r0.1, r1.1, r2.1, r3.1, r4.1, r5.1)
            let c2 = Self.gTransposed(r0.2, r1.2, r2.2, r3.2, r4.2, r5.2)
            (g[0], g[3], g[6]) = c0
            (g[1], g[4], g[7]) = c1
            (g[2], g[5], g[8]) = c2
        }
    }

    // MARK: Input

    func inputScratchCount(tileRows: Int) -> Int { 10 * (4 * tileRows + 2) * quarter }

    /// `cdk_winograd4_input`.
    func transformInput(
        image: UnsafePointer<Float>, tileRows: Range<Int>, into v: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        withUnsafePointer(to: shape) {
            cdk_winograd4_input($0, image, tileRows.lowerBound, tileRows.count, v, scratch)
        }
    }

    // MARK: Output

    func outputScratchCount(tileRows: Int) -> Int { 16 * tileRows * tilesWide }

    /// `cdk_winograd4_output`.
    func transformOutput(
        _ m: UnsafePointer<Float>, tileRows: Range<Int>, bias: UnsafePointer<Float>?, rectify: Bool,
        into image: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        withUnsafePointer(to: shape) {
            cdk_winograd4_output($0, m, tileRows.lowerBound, tileRows.count, bias, rectify ? 1 : 0, image, scratch)
        }
    }

    // MARK: Gradients

    func outputGradientScratchCount(tileRows: Int) -> Int { 16 * tileRows * tilesWide }

    /// `cdk_winograd4_output_gradient`.
    func transformOutputGradient(
        image: UnsafePointer<Float>, output: UnsafePointer<Float>?, tileRows: Range<Int>,
        into dm: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        withUnsafePointer(to: shape) {
            cdk_winograd4_output_gradient($0, image, output, tileRows.lowerBound, tileRows.count, dm, scratch)
        }
    }

    /// The four column phases of every covered row (`4 tilesHigh + 2`) of every input channel.
    var inputGradientAccumulatorCount: Int { geometry.inChannels * (4 * tilesHigh + 2) * 4 * quarter }

    func inputGradientScratchCount(tileRows: Int) -> Int { max(36 * tileRows * tilesWide, 4 * quarter) }

    /// `cdk_winograd4_accumulate_input_gradient`.
    func accumulateInputGradient(
        _ dv: UnsafePointer<Float>, tileRows: Range<Int>, into accumulator: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        withUnsafePointer(to: shape) {
            cdk_winograd4_accumulate_input_gradient($0, dv, tileRows.lowerBound, tileRows.count, accumulator, scratch)
        }
    }

    /// `cdk_winograd4_finish_input_gradient`.
    func finishInputGradient(
        _ accumulator: UnsafePointer<Float>, bias: UnsafePointer<Float>?, into image: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        withUnsafePointer(to: shape) { cdk_winograd4_finish_input_gradient($0, accumulator, bias, image, scratch) }
    }
}
