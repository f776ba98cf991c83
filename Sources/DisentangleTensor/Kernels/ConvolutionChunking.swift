/// How a convolution's batch is cut into blocks whose patch (im2col) matrix stays in the L2 cache.
///
/// Small images are grouped, several per block, so the GEMMs stay wide; a large image is split into blocks of
/// output pixels. The split depends only on the geometry and the number of images, never on the thread count.
struct ConvolutionChunking: Sendable {
    /// The patch-matrix size, in bytes, a block aims to stay under (half of a Zen 3 core's 512 KiB L2).
    static let patchBudgetBytes = 256 * 1024
    /// The fewest output pixels per block, so GEMMs stay efficient when patches are tall.
    static let minimumColumns = 128

    /// Images per block: more than 1 only when whole images fit the budget.
    let imagesPerChunk: Int
    /// Pixel blocks per image: more than 1 only when a single image exceeds the budget.
    let blocksPerImage: Int
    /// Output pixels per image.
    let outPlane: Int

    /// Plans blocks for `images` images of geometry `geometry`.
    init(_ geometry: ConvolutionGeometry, images: Int) {
        let budgetColumns = max(Self.minimumColumns, Self.patchBudgetBytes / (4 * max(1, geometry.patchSize)))
        outPlane = geometry.outPlane
        if outPlane <= budgetColumns {
            imagesPerChunk = max(1, min(images, budgetColumns / max(1, outPlane)))
            blocksPerImage = 1
        } else {
            imagesPerChunk = 1
            blocksPerImage = (outPlane + budgetColumns - 1) / budgetColumns
        }
    }

    /// The most columns (images times pixels) any block has.
    var maximumColumns: Int {
        imagesPerChunk * ((outPlane + blocksPerImage - 1) / blocksPerImage)
    }

    /// The output pixels of pixel block `block` of an image.
    func pixels(ofBlock block: Int) -> Range<Int> {
        (outPlane * block / blocksPerImage)..<(outPlane * (block + 1) / blocksPerImage)
    }

    /// The number of blocks covering `images` images.
    func chunkCount(images: Int) -> Int {
        (images + imagesPerChunk - 1) / imagesPerChunk * blocksPerImage
    }

    /// The images and output pixels of block `index` among the blocks covering `images`.
    func chunk(_ index: Int, of images: Range<Int>) -> (images: Range<Int>, pixels: Range<Int>) {
        let group = index / blocksPerImage
        let start = images.lowerBound + group * imagesPerChunk
        return (start..<min(images.upperBound, start + imagesPerChunk), pixels(ofBlock: index % blocksPerImage))
    }
}
