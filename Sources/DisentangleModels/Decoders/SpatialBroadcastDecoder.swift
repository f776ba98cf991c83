import DisentangleNN
import DisentangleTensor

/// The Spatial Broadcast Decoder (Watters et al. 2019): tile `z` over a grid, append fixed x and y coordinate
/// channels (`linspace(-1, 1)`, x along the width, y along the height; channel order `[z, x, y]`), and apply 3×3
/// convolutions with stride 1 and ReLU, then an output convolution to the image channels (1×1 by default; 3×3,
/// padded, in dfdazac/vaesbd's variant).
///
/// - Unpadded (the paper's variant, the default): the grid is `(H + 2k) × (W + 2k)` for `k` unpadded convolutions,
///   so the output is exactly the image size.
/// - Padded (dfdazac/vaesbd's variant): the grid is the image size and every 3×3 convolution pads by 1.
///
/// State-dictionary names: `convs.0.weight`, `convs.0.bias`, `convs.2.weight`, ..., as the PyTorch reference.
///
/// The first convolution sees a spatially constant `z`: its output is `z · K + C + b`, where `K` holds the
/// summed `z`-channel kernel taps (per position only where padding cuts taps off) and `C` is the convolution of the
/// coordinate channels, the same for every image. Computing it that way (one small GEMM plus one single-image
/// convolution) is exact and replaces the most expensive input channels of the widest layer; set
/// `broadcastFirstLayer` to `false` to run the plain convolution over the tiled input instead (both compute the same function).
public final class SpatialBroadcastDecoder: Decoder {
    /// The convolutions and ReLUs, in order.
    public let convs: Sequential
    /// The number of latent dimensions.
    public let latentCount: Int
    /// The shape of one decoded observation, `[channels, imageSize, imageSize]`.
    public let observationShape: [Int]
    /// Whether the 3×3 convolutions are zero-padded (grid = image size) or not (grid = image size + 2·depth).
    public let padded: Bool
    /// Whether the first layer uses the exact broadcast shortcut (see the type's documentation).
    public let broadcastFirstLayer: Bool
    /// The side of the broadcast grid.
    public let gridSize: Int
    private let coordinates: Tensor

    /// Creates a decoder with PyTorch-default initialisation.
    ///
    /// - Parameters:
    ///   - imageSize: the side of the square output images.
    ///   - channels: image channels (1 for binary sprites, 3 for colour).
    ///   - latentCount: the number of latent dimensions.
    ///   - width: the channels of the 3×3 convolutions (64 in the paper).
    ///   - depth: the number of 3×3 convolutions (4 in the paper).
    ///   - padded: whether the 3×3 convolutions pad by 1 on a grid of the image size (dfdazac/vaesbd's variant)
    ///     instead of running unpadded on a grid `2 · depth` larger (the paper's variant).
    ///   - outputKernelSize: 1 (the paper) or 3 (padded by 1, as dfdazac/vaesbd).
    ///   - broadcastFirstLayer: whether the first convolution uses the exact broadcast shortcut described in the
    ///     type's documentation (`false` runs the plain convolution over the tiled input; both compute the same
    ///     function).
    ///   - generator: the source of the initial weights.
    /// - Throws: ``ModelError`` if a size is not positive or `outputKernelSize` is neither 1 nor 3.
    public init(
        imageSize: Int, channels: Int = 1, latentCount: Int = 10, width: Int = 64, depth: Int = 4, padded: Bool = false,
        outputKernelSize: Int = 1, broadcastFirstLayer: Bool = true, using generator: inout RandomGenerator
    ) throws {
        try Self.validate(
            imageSize: imageSize, channels: channels, latentCount: latentCount, width: width, depth: depth,
            outputKernelSize: outputKernelSize)
        var modules: [any Layer] = []
        var inChannels = latentCount + 2
        for _ in 0..<depth {
            modules.append(Conv2D(inputChannels: inChannels, outputChannels: width, kernelSize: 3, padding: padded ? 1 : 0, using: &generator))
            modules.append(ReLU())
            inChannels = width
        }
        modules.append(Conv2D(
            inputChannels: width, outputChannels: channels, kernelSize: outputKernelSize, padding: outputKernelSize / 2,
            using: &generator))
        self.convs = Sequential(modules)
        self.latentCount = latentCount
        self.observationShape = [channels, imageSize, imageSize]
        self.padded = padded
        self.broadcastFirstLayer = broadcastFirstLayer
        let grid = padded ? imageSize : imageSize + 2 * depth
        self.gridSize = grid
        let line = Tensor.linspace(-1, 1, count: grid)
        let x = line.reshaped([1, 1, 1, grid]).expanded(to: [1, 1, grid, grid])
        let y = line.reshaped([1, 1, grid, 1]).expanded(to: [1, 1, grid, grid])
        self.coordinates = Tensor.concatenate([x, y], alongAxis: 1)
    }

    /// The tiled latents with coordinate channels, `[batch, latents + 2, grid, grid]` (the first layer's input).
    public func broadcast(_ latents: Tensor) -> Tensor {
        let b = latents.shape[0]
        let tiled = latents.reshaped([b, latentCount, 1, 1]).expanded(to: [b, latentCount, gridSize, gridSize])
        return Tensor.concatenate([tiled, coordinates.expanded(to: [b, 2, gridSize, gridSize])], alongAxis: 1)
    }

    /// Logits (or means) `[batch, channels, imageSize, imageSize]` for latents `[batch, latentCount]`.
    public func callAsFunction(_ latents: Tensor) -> Tensor {
        precondition(
            latents.rank == 2 && latents.shape[1] == latentCount,
            "SpatialBroadcastDecoder expects [batch, \(latentCount)], got \(latents.shape)")
        let layers = convs.layers
        guard broadcastFirstLayer, let first = layers.first as? Conv2D else {
            return convs(broadcast(latents))
        }
        return convs.applyLayers(from: 1, to: firstLayer(first, latents))
    }

    /// The first convolution of the broadcast input, computed as `z · K + C + b` (exact; see the type's notes).
    private func firstLayer(_ conv: Conv2D, _ latents: Tensor) -> Tensor {
        let weight = conv.weight.value
        let width = weight.shape[0]
        let d = latentCount
        let zWeight = weight.narrowed(alongAxis: 1, start: 0, length: d)  // [width, d, 3, 3]
        let coordinateWeight = weight.narrowed(alongAxis: 1, start: d, length: 2)  // [width, 2, 3, 3]
        let b = latents.shape[0]
        let coordinateTerm = Tensor.conv2d(coordinates, weight: coordinateWeight, bias: conv.bias?.value, padding: conv.padding)
        let out = coordinateTerm.shape[2]
        let latentTerm: Tensor
        if conv.padding == 0 {
            // Every tap sees z: the z-term is the same at every position.
            let summed = zWeight.sum(alongAxes: [2, 3])  // [width, d]
            latentTerm = latents.matmul(summed.transposed()).reshaped([b, width, 1, 1])
        } else {
            // K[j, c, y, x] = the z_j-channel response at (y, x) of a constant 1 in channel j (taps cut by padding).
            let oneHot = Tensor.identity(d).reshaped([d, d, 1, 1]).expanded(to: [d, d, gridSize, gridSize])
            let response = Tensor.conv2d(oneHot.detached(), weight: zWeight, padding: conv.padding)  // [d, width, out, out]
            latentTerm = latents.matmul(response.reshaped([d, width * out * out])).reshaped([b, width, out, out])
        }
        return latentTerm + coordinateTerm
    }

    /// Checks the sizes given to ``init(imageSize:channels:latentCount:width:depth:padded:outputKernelSize:broadcastFirstLayer:using:)``
    /// without building anything.
    ///
    /// - Throws: ``ModelError`` if a size is not positive or `outputKernelSize` is neither 1 nor 3.
    public static func validate(
        imageSize: Int, channels: Int = 1, latentCount: Int = 10, width: Int = 64, depth: Int = 4, outputKernelSize: Int = 1
    ) throws {
        guard imageSize > 0, channels > 0, latentCount > 0, width > 0, depth > 0 else {
            throw ModelError("SpatialBroadcastDecoder needs positive image size, channels, latents, width and depth")
        }
        guard outputKernelSize == 1 || outputKernelSize == 3 else {
            throw ModelError("the output convolution's kernel must be 1 or 3, got \(outputKernelSize)")
        }
    }
}
