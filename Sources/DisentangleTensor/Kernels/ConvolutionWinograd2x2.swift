import CDisentangleKernels

/// The tile transforms of Winograd's minimal filtering algorithm F(2x2, 3x3) (Lavin & Gray, 2016) and their
/// adjoints, for a stride-1 3x3 cross-correlation.
///
/// Each 2x2 output tile is `Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A`, where `d` is the 4x4 input tile above it (tiles step
/// by 2, so neighbouring input tiles overlap by 2) and `g` the 3x3 kernel, with
///
///     Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],  G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1],  Aᵀ = [1 1 1 0; 0 1 -1 -1].
///
/// The 16 products per tile (one per transformed position ξ) become 16 matrix products over channels, 2.25x
/// fewer multiplications than direct convolution. Transformed tensors are laid out `[16][channels][tiles]` so that
/// each position's slice is a row-major `channels x tiles` GEMM operand; the transforms read and write rows of
/// tiles as contiguous streams (image rows are first split into even and odd columns). The input, output and
/// gradient transforms run in C (`CDisentangleKernels`), vectorised for the CPU's widest SIMD at run time.
struct Winograd2x2Tiling: WinogradTransforms {
    static let positions = 16

    /// The geometry; kernel 3x3, stride 1.
    let geometry: ConvolutionGeometry
    /// Output tile rows: `ceil(outHeight / 2)`.
    let tilesHigh: Int
    /// Output tile columns: `ceil(outWidth / 2)`.
    let tilesWide: Int

    /// The same shape as the C kernels take it.
    let shape: cdk_winograd_tiling

    init(_ geometry: ConvolutionGeometry) {
        self.geometry = geometry
        tilesHigh = (geometry.outHeight + 1) / 2
        tilesWide = (geometry.outWidth + 1) / 2
        shape = cdk_winograd_tiling(geometry, tilesHigh: tilesHigh, tilesWide: tilesWide)
    }

    /// Length of a row split into even or odd (zero-padded) columns: one more than `tilesWide`.
    var halfWidth: Int { tilesWide + 1 }
    /// Rows of the zero-padded input the tiles cover: `2 * tilesHigh + 2`.
    var coveredRows: Int { 2 * tilesHigh + 2 }

    // MARK: Weights

    /// `U[ξ][co][ci] = (G g Gᵀ)[ξ]` for the weight `[C_out, C_in, 3, 3]`.
    func transformWeights(_ weight: UnsafePointer<Float>, transposed: Bool, into u: UnsafeMutablePointer<Float>) {
        let count = geometry.outChannels * geometry.inChannels
        for index in 0..<count {
            let g = weight + 9 * index
            let destination = transformedKernelIndex(index, transposed: transposed)
            let top = SIMD3(g[0], g[1], g[2])
            let middle = SIMD3(g[3], g[4], g[5])
            let bottom = SIMD3(g[6], g[7], g[8])
            // The rows of G g, then each row times Gᵀ.
            let rows = [top, 0.5 * (top + middle + bottom), 0.5 * (top - middle + bottom), bottom]
            for (i, r) in rows.enumerated() {
                u[(4 * i + 0) * count + destination] = r.x
                u[(4 * i + 1) * count + destination] = 0.5 * (r.x + r.y + r.z)
                u[(4 * i + 2) * count + destination] = 0.5 * (r.x - r.y + r.z)
                u[(4 * i + 3) * count + destination] = r.z
            }
        }
    }

    /// The weight gradient `[C_out, C_in, 3, 3]` from the gradient of the transformed weights: `Gᵀ dU G`, the
    /// adjoint of ``transformWeights(_:transposed:into:)`` (untransposed).
    func weightGradient(fromTransformed du: UnsafePointer<Float>, into gradWeight: UnsafeMutablePointer<Float>) {
        let count = geometry.outChannels * geometry.inChannels
        for index in 0..<count {
            @inline(__always) func row(_ i: Int) -> SIMD4<Float> {
                SIMD4(du[(4 * i) * count + index], du[(4 * i + 1) * count + index],
                      du[(4 * i + 2) * count + index], du[(4 * i + 3) * count + index])
            }
            let (u0, u1, u2, u3) = (row(0), row(1), row(2), row(3))
            // The rows of Gᵀ dU, then each row times G.
            let rows = [u0 + 0.5 * (u1 + u2), 0.5 * (u1 - u2), 0.5 * (u1 + u2) + u3]
            let g = gradWeight + 9 * index
            for (i, r) in rows.enumerated() {
                g[3 * i] = r.x + 0.5 * (r.y + r.z)
                g[3 * i + 1] = 0.5 * (r.y - r.z)
                g[3 * i + 2] = 0.5 * (r.y + r.z) + r.w
            }
        }
    }

    // MARK: Input

    /// Scratch scalars ``transformInput(image:tileRows:into:scratch:)`` needs for blocks of up to `tileRows` rows.
    func inputScratchCount(tileRows: Int) -> Int { (2 * tileRows + 2) * (2 * halfWidth + 4 * tilesWide) }

    /// `V[ξ][c][t] = (Bᵀ d B)[ξ]` for the tiles of output tile rows `tileRows` of one image, `t` counting tiles
    /// row-major from the block's first tile (`cdk_winograd2_input`).
    func transformInput(
        image: UnsafePointer<Float>, tileRows: Range<Int>, into v: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        withUnsafePointer(to: shape) {
            cdk_winograd2_input($0, image, tileRows.lowerBound, tileRows.count, v, scratch)
        }
    }

    // MARK: Output

    /// None: the output transform writes the tiles directly.
    func outputScratchCount(tileRows: Int) -> Int { 0 }

    /// Writes the output tiles `Aᵀ M A` (plus `bias` per channel, rectified if `rectify`) of output tile rows
    /// `tileRows` of one image from `M[ξ][co][t]` (`cdk_winograd2_output`); `scratch` is unused.
    func transformOutput(
        _ m: UnsafePointer<Float>, tileRows: Range<Int>, bias: UnsafePointer<Float>?, rectify: Bool,
        into image: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        withUnsafePointer(to: shape) {
            cdk_winograd2_output($0, m, tileRows.lowerBound, tileRows.count, bias, rectify ? 1 : 0, image)
        }
    }

    // MARK: Gradients

    /// Scratch scalars ``transformOutputGradient(image:tileRows:into:scratch:)`` needs.
    func outputGradientScratchCount(tileRows: Int) -> Int { 4 * tilesWide }

    /// `dM[ξ][co][t] = (A dY Aᵀ)[ξ]` for the output-gradient tiles of output tile rows `tileRows` of one image:
    /// the adjoint of ``transformOutput(_:tileRows:bias:rectify:into:scratch:)``, masked by the rectified `output` if
    /// given (`cdk_winograd2_output_gradient`).
    func transformOutputGradient(
        image: UnsafePointer<Float>, output: UnsafePointer<Float>?, tileRows: Range<Int>,
        into dm: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        withUnsafePointer(to: shape) {
            cdk_winograd2_output_gradient($0, image, output, tileRows.lowerBound, tileRows.count, dm, scratch)
        }
    }

    /// Scalars of the per-image input-gradient accumulator: even and odd padded columns of every covered row of
    /// every input channel.
    var inputGradientAccumulatorCount: Int { geometry.inChannels * coveredRows * 2 * halfWidth }

    /// Scratch scalars ``accumulateInputGradient(_:tileRows:into:scratch:)`` needs.
    func inputGradientScratchCount(tileRows: Int) -> Int { 16 * tilesWide }

    /// Adds `B dV Bᵀ` for the tiles of output tile rows `tileRows` (from `dV[ξ][c][t]`) into the accumulator of
    /// one image (the adjoint of ``transformInput(image:tileRows:into:scratch:)``); overlapping tiles add up
    /// (`cdk_winograd2_accumulate_input_gradient`).
    func accumulateInputGradient(
        _ dv: UnsafePointer<Float>, tileRows: Range<Int>, into accumulator: UnsafeMutablePointer<Float>,
        scratch w: UnsafeMutablePointer<Float>
    ) {
        withUnsafePointer(to: shape) {
            cdk_winograd2_accumulate_input_gradient($0, dv, tileRows.lowerBound, tileRows.count, accumulator, w)
        }
    }

    /// Writes one image's input gradient from its accumulator, cropping the padding; each channel starts from
    /// `bias[c]` if given, else zero (`cdk_winograd2_finish_input_gradient`); `scratch` is unused.
    func finishInputGradient(
        _ accumulator: UnsafePointer<Float>, bias: UnsafePointer<Float>?, into image: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        withUnsafePointer(to: shape) { cdk_winograd2_finish_input_gradient($0, accumulator, bias, image) }
    }
}
