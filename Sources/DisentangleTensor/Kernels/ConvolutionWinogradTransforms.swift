import CDisentangleKernels

/// The tile transforms of one Winograd algorithm F(m x m, 3x3) for a stride-1 3x3 cross-correlation, as
/// ``ConvolutionWinograd``'s driver uses them: ``Winograd2x2Tiling`` (16 positions) and ``Winograd4x4Tiling``
/// (36 positions).
///
/// Each m x m output tile is `Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A` for the (m + 2) x (m + 2) input tile `d` above it
/// (tiles step by m). Transformed tensors are laid out `[positions][channels][tiles]`, so that each position's
/// slice is a row-major `channels x tiles` GEMM operand, `tiles` counting a block's tiles row-major.
protocol WinogradTransforms: Sendable {
    /// Transformed positions per tile: `(m + 2)²`.
    static var positions: Int { get }
    /// The geometry; kernel 3x3, stride 1.
    var geometry: ConvolutionGeometry { get }
    /// Output tile rows: `ceil(outHeight / m)`.
    var tilesHigh: Int { get }
    /// Output tile columns: `ceil(outWidth / m)`.
    var tilesWide: Int { get }

    /// `U[ξ][co][ci] = (G g Gᵀ)[ξ]` for the weight `[C_out, C_in, 3, 3]`, or `U[ξ][ci][co]` if `transposed`.
    func transformWeights(_ weight: UnsafePointer<Float>, transposed: Bool, into u: UnsafeMutablePointer<Float>)
    /// The weight gradient `[C_out, C_in, 3, 3]` from the gradient of the transformed weights: `Gᵀ dU G`, the
    /// adjoint of ``transformWeights(_:transposed:into:)`` (untransposed).
    func weightGradient(fromTransformed du: UnsafePointer<Float>, into gradWeight: UnsafeMutablePointer<Float>)

    /// Scratch scalars ``transformInput(image:tileRows:into:scratch:)`` needs for blocks of up to `tileRows` rows.
    func inputScratchCount(tileRows: Int) -> Int
    /// `V[ξ][c][t] = (Bᵀ d B)[ξ]` for the tiles of output tile rows `tileRows` of one image.
    func transformInput(
        image: UnsafePointer<Float>, tileRows: Range<Int>, into v: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>)

    /// Scratch scalars ``transformOutput(_:tileRows:bias:rectify:into:scratch:)`` needs for blocks of up to `tileRows` rows.
    func outputScratchCount(tileRows: Int) -> Int
    /// Writes the output tiles `Aᵀ M A` (plus `bias` per channel, then `max(·, 0)` as `Tensor.relu()` computes it
    /// if `rectify`) of output tile rows `tileRows` of one image from `M[ξ][co][t]`.
    func transformOutput(
        _ m: UnsafePointer<Float>, tileRows: Range<Int>, bias: UnsafePointer<Float>?, rectify: Bool,
        into image: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)

    /// Scratch scalars ``transformOutputGradient(image:output:tileRows:into:scratch:)`` needs for blocks of up to
    /// `tileRows` rows.
    func outputGradientScratchCount(tileRows: Int) -> Int
    /// `dM[ξ][co][t] = (A dY Aᵀ)[ξ]` for the output-gradient tiles of output tile rows `tileRows` of one image:
    /// the adjoint of ``transformOutput(_:tileRows:bias:rectify:into:scratch:)``. If `output` (the image's
    /// rectified output) is given, `dY` is first masked as `Tensor.relu()`'s pullback masks it (`output > 0`).
    func transformOutputGradient(
        image: UnsafePointer<Float>, output: UnsafePointer<Float>?, tileRows: Range<Int>,
        into dm: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)

    /// Scalars of the per-image input-gradient accumulator (the padded input, every covered row and column).
    var inputGradientAccumulatorCount: Int { get }
    /// Scratch scalars ``accumulateInputGradient(_:tileRows:into:scratch:)`` and
    /// ``finishInputGradient(_:bias:into:scratch:)`` need for blocks of up to `tileRows` rows.
    func inputGradientScratchCount(tileRows: Int) -> Int
    /// Adds `B dV Bᵀ` for the tiles of output tile rows `tileRows` (from `dV[ξ][c][t]`) into the accumulator of
    /// one image (the adjoint of ``transformInput(image:tileRows:into:scratch:)``); overlapping tiles add up.
    func accumulateInputGradient(
        _ dv: UnsafePointer<Float>, tileRows: Range<Int>, into accumulator: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>)
    /// Writes one image's input gradient from its accumulator, cropping the padding; each channel starts from
    /// `bias[c]` if given, else zero.
    func finishInputGradient(
        _ accumulator: UnsafePointer<Float>, bias: UnsafePointer<Float>?, into image: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>)
}

extension WinogradTransforms {
    /// Where the transformed kernel `index` (`co C_in + ci`) goes within a position's slice: `index`, or
    /// `ci C_out + co` if `transposed`.
    func transformedKernelIndex(_ index: Int, transposed: Bool) -> Int {
        transposed ? (index % geometry.inChannels) * geometry.outChannels + index / geometry.inChannels : index
    }
}

extension cdk_winograd_tiling {
    /// The shape of `geometry` tiled into `tilesHigh x tilesWide` output tiles, as the C transforms take it.
    init(_ geometry: ConvolutionGeometry, tilesHigh: Int, tilesWide: Int) {
        self.init(
            in_channels: geometry.inChannels, out_channels: geometry.outChannels, in_height: geometry.inHeight,
            in_width: geometry.inWidth, out_height: geometry.outHeight, out_width: geometry.outWidth,
            padding_height: geometry.paddingHeight, padding_width: geometry.paddingWidth, tiles_high: tilesHigh,
            tiles_wide: tilesWide)
    }
}
