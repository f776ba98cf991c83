import DisentangleDatasets

/// The chunk index of a chunked dataset (format specification, sections III.A.1, III.H and IV.A.2.i), checked
/// before libhdf5 reads a chunk.
///
/// libhdf5 1.10.8 trusts the chunk dimensions and every chunk's stored size: fuzzed files crashed the process in
/// `H5Dread` with a chunk dimension of 60930 along an axis of 2 (a use after free in `H5VM_memcpyvv`) and asked
/// `malloc` for 1.85 GB for a chunk whose B-tree key claimed that size in a 7 KB file. So the chunk dimensions
/// must be positive, no larger than a fixed maximum dimension and give chunks of at most ``maximumChunkBytes``; and
/// every chunk the index lists must lie inside the file, be exactly a chunk's size when the dataset has no
/// filters, and sit at a chunk-aligned offset inside the dataset. Indexes read: the version 1 B-tree (layout
/// versions 1 to 3, what h5py writes by default), and for layout version 4 the single-chunk, implicit and fixed-array
/// indexes. Extensible arrays and version 2 B-trees (datasets with unlimited dimensions in the 1.10 format) are
/// refused with an error saying how to rewrite the file.
struct HDF5ChunkIndex {
    /// The largest chunk accepted, in bytes (libhdf5 reads and decompresses a whole chunk at a time; h5py's
    /// automatic chunks stay below 1 MiB).
    static let maximumChunkBytes: UInt64 = 256 << 20

    /// Where the index is and what kind it is, as the layout message gives it.
    enum Kind {
        /// A version 1 B-tree of chunks (node type 1) with its root at the address.
        case bTree(UInt64)
        /// One chunk holding the whole dataset; `filteredSize` is its stored size if the dataset has filters.
        case singleChunk(UInt64, filteredSize: UInt64?)
        /// Every chunk stored one after the other from the address, unfiltered.
        case implicit(UInt64)
        /// A fixed array (header `FAHD`) at the address.
        case fixedArray(UInt64)
        /// Another index type (4: extensible array, 5: version 2 B-tree).
        case unsupported(Int)
    }

    /// A dataset's shape as its dataspace message gives it.
    struct Shape {
        /// The current dimensions.
        let dimensions: [UInt64]
        /// The maximum dimensions (the current ones if the message has none); all ones means unlimited.
        let maximumDimensions: [UInt64]
    }

    private let reader: HDF5StructureReader
    private let place: String
    private let shape: Shape
    /// The chunk's dimensions along the dataset's axes.
    private let chunkDimensions: [UInt64]
    /// The bytes of one chunk before filters.
    private let chunkBytes: UInt64
    private let filtered: Bool
    private var visited = Set<UInt64>()

    /// The maximum dimension that means unlimited (all ones).
    private var unlimited: UInt64 { HDF5StructureReader.allOnes(reader.lengthSize) }

    /// Checks the chunking of dataset `name`: `chunkDimensions` as the layout message gives them (the last one is
    /// the element size), the index, and every chunk the index lists.
    ///
    /// - Parameters:
    ///   - shape: the dataset's dimensions, `nil` if its dataspace message could not be read here (shared or an
    ///     unknown version): then the dataset is refused, since its chunks cannot be checked.
    ///   - elementSize: the datatype's element size, if known.
    ///   - filtered: whether the dataset has a filter pipeline (its chunks' stored sizes then vary).
    /// - Throws: `DatasetError` naming the dataset and what is wrong.
    static func check(
        _ reader: HDF5StructureReader, kind: Kind, chunkDimensions: [UInt64], shape: Shape?, elementSize: Int?,
        filtered: Bool, name: String
    ) throws {
        let place = "dataset '\(name)''s chunk index"
        guard let shape else {
            throw reader.corrupt("dataset '\(name)' is chunked but its dataspace could not be read, so its chunks cannot be checked")
        }
        let rank = shape.dimensions.count
        guard chunkDimensions.count == rank + 1 else {
            throw reader.corrupt(
                "dataset '\(name)''s layout gives \(chunkDimensions.count - 1) chunk dimensions for a dataspace of rank \(rank)")
        }
        if let elementSize, chunkDimensions[rank] != UInt64(elementSize) {
            throw reader.corrupt(
                "dataset '\(name)''s layout gives an element size of \(chunkDimensions[rank]) bytes; its datatype has \(elementSize)")
        }
        let unlimited = HDF5StructureReader.allOnes(reader.lengthSize)
        var bytes: UInt64 = 1
        for (axis, size) in chunkDimensions.enumerated() {
            let limit = axis < rank ? shape.maximumDimensions[axis] : size
            guard size >= 1, limit == unlimited || size <= max(limit, 1) else {
                throw reader.corrupt(
                    "dataset '\(name)''s chunks are \(size) long along axis \(axis), whose size is at most \(limit)")
            }
            let (product, overflow) = bytes.multipliedReportingOverflow(by: size)
            guard !overflow, product <= maximumChunkBytes else {
                throw reader.corrupt(
                    "dataset '\(name)''s chunks \(chunkDimensions.dropLast().map(String.init).joined(separator: "x")) of "
                        + "\(chunkDimensions[rank])-byte elements exceed \(maximumChunkBytes >> 20) MiB each")
            }
            bytes = product
        }
        var index = HDF5ChunkIndex(
            reader: reader, place: place, shape: shape, chunkDimensions: Array(chunkDimensions.prefix(rank)),
            chunkBytes: bytes, filtered: filtered)
        switch kind {
        case .bTree(let root):
            guard root != reader.undefinedAddress else { return }  // no chunk written yet
            try index.walk(at: root, level: nil, name: "\(place)'s B-tree root")
        case .singleChunk(let address, let filteredSize):
            guard address != reader.undefinedAddress else { return }
            try index.chunk(at: address, storedSize: filteredSize ?? bytes, what: "the single chunk of dataset '\(name)'")
        case .implicit(let address):
            guard address != reader.undefinedAddress else { return }
            let (total, overflow) = index.chunkCount.multipliedReportingOverflow(by: bytes)
            guard !overflow, total <= UInt64(reader.fileSize) else {
                throw reader.corrupt("dataset '\(name)''s \(index.chunkCount) implicitly indexed chunks are larger than the file")
            }
            _ = try reader.position(of: "the chunks of dataset '\(name)'", at: address, count: Int(total))
        case .fixedArray(let address):
            guard address != reader.undefinedAddress else { return }
            try index.fixedArray(at: address)
        case .unsupported(let type):
            let kind = type == 4 ? "an extensible array" : type == 5 ? "a version 2 B-tree" : "index type \(type)"
            throw DatasetError(
                "\(reader.file.path): dataset '\(name)' stores its chunks with \(kind) (HDF5 1.10 format, unlimited "
                    + "dimensions), which this reader does not check; rewrite it with fixed dimensions or h5py's default "
                    + "format (h5py.File(path, 'w', libver='earliest'))")
        }
    }

    /// The number of chunks covering the maximum dimensions (the current ones where a maximum is unlimited).
    private var chunkCount: UInt64 {
        var count: UInt64 = 1
        for (axis, chunk) in chunkDimensions.enumerated() {
            let limit = shape.maximumDimensions[axis] == unlimited ? shape.dimensions[axis] : shape.maximumDimensions[axis]
            let (product, overflow) = count.multipliedReportingOverflow(by: (limit + chunk - 1) / chunk)
            count = overflow ? .max : product
        }
        return count
    }

    /// Checks one chunk: its stored bytes inside the file and, without filters, exactly one chunk's size.
    private func chunk(at address: UInt64, storedSize: UInt64, what: String) throws {
        guard storedSize >= 1, storedSize <= UInt64(reader.fileSize) else {
            throw reader.corrupt("\(what) claims \(storedSize) stored bytes; the file has \(reader.fileSize)")
        }
        if !filtered, storedSize != chunkBytes {
            throw reader.corrupt("\(what) has \(storedSize) bytes; an unfiltered chunk has \(chunkBytes)")
        }
        _ = try reader.position(of: what, at: address, count: Int(storedSize))
    }

    /// Checks the `TREE` node (type 1) at `address` and everything below it.
    private mutating func walk(at address: UInt64, level expected: Int?, name: String) throws {
        guard visited.insert(address).inserted else {
            throw reader.corrupt("\(name) at offset \(address) is reached twice (a loop in \(place))")
        }
        let header = try HDF5BTreeNodeHeader(reader, at: address, type: (1, "chunks"), expectedLevel: expected, name: name)
        let level = header.level
        let used = header.entriesUsed
        let keySize = 8 + 8 * (chunkDimensions.count + 1)
        var node = try reader.read(
            "the keys and children of \(name)", at: header.entriesAddress,
            count: (used + 1) * keySize + used * reader.offsetSize)
        for entry in 0..<used {
            let size = try node.unsigned(4, "the chunk size of key \(entry)")
            try node.skip(4, "the filter mask of key \(entry)")
            for (axis, chunk) in chunkDimensions.enumerated() {
                let offset = try node.unsigned(8, "offset \(axis) of key \(entry)")
                let limit = shape.maximumDimensions[axis]
                guard offset % chunk == 0, limit == unlimited || offset < max(limit, 1) else {
                    throw reader.corrupt(
                        "key \(entry) of \(name) places a chunk at \(offset) along axis \(axis) (chunks of \(chunk), size \(limit))")
                }
            }
            guard try node.unsigned(8, "the element offset of key \(entry)") == 0 else {
                throw reader.corrupt("key \(entry) of \(name) has a non-zero offset within an element")
            }
            let child = try node.address("child \(entry)")
            if level == 0 {
                try chunk(at: child, storedSize: size, what: "chunk \(entry) of \(name)")
            } else {
                try walk(at: child, level: level - 1, name: "a level \(level - 1) node of \(place) (child \(entry) of \(name))")
            }
        }
    }

    /// Checks the fixed array whose header (`FAHD`) is at `address`, its data block (`FADB`) and every chunk it lists.
    private func fixedArray(at address: UInt64) throws {
        let o = reader.offsetSize
        let l = reader.lengthSize
        var header = try reader.read("\(place)'s fixed array header", at: address, count: 12 + l + o)
        try header.expectSignature("FAHD")
        let version = try header.byte("the version")
        let client = try header.byte("the client ID")
        let entrySize = try header.byte("the entry size")
        let pageBits = try header.byte("the page bits")
        let entries = try header.length("the number of entries")
        let blockAddress = try header.address("the data block address")
        guard version == 0, client == (filtered ? 1 : 0), filtered ? entrySize > o + 4 : entrySize == o,
            entrySize <= o + 12, (1...31).contains(pageBits)
        else {
            throw reader.corrupt(
                "\(place)'s fixed array header has version \(version), client \(client), entries of \(entrySize) bytes and "
                    + "\(pageBits) page bits, which do not describe \(filtered ? "filtered" : "unfiltered") chunks")
        }
        guard entries == chunkCount else {
            throw reader.corrupt("\(place)'s fixed array has \(entries) entries for \(chunkCount) chunks")
        }
        guard blockAddress != reader.undefinedAddress else { return }
        // Entries in dataset order: chunk k covers the chunk-grid position k in row-major order.
        let count = Int(entries)
        let pageEntries = 1 << pageBits
        let pages = count > pageEntries ? (count + pageEntries - 1) / pageEntries : 0
        let bitmapBytes = (pages + 7) / 8
        var block = try reader.read("\(place)'s fixed array data block", at: blockAddress, count: 6 + o + bitmapBytes)
        try block.expectSignature("FADB")
        let blockVersion = try block.byte("the version")
        let blockClient = try block.byte("the client ID")
        let owner = try block.address("the header address")
        guard blockVersion == 0, blockClient == client, owner == address else {
            throw reader.corrupt(
                "\(place)'s fixed array data block (version \(blockVersion), client \(blockClient)) does not belong to its header")
        }
        let prefix = UInt64(6 + o + bitmapBytes + 4)
        if pages == 0 {
            try entriesAt(blockAddress + prefix - 4, first: 0, count: count, size: entrySize)
            return
        }
        let bitmap = try block.take(bitmapBytes, "the page bitmap")
        let pageBytes = UInt64(pageEntries * entrySize + 4)
        for page in 0..<pages where bitmap[bitmap.startIndex + page / 8] & (0x80 >> UInt8(page % 8)) != 0 {
            let first = page * pageEntries
            try entriesAt(
                blockAddress + prefix + UInt64(page) * pageBytes, first: first, count: min(pageEntries, count - first),
                size: entrySize)
        }
    }

    /// Checks `count` fixed-array entries of `size` bytes at `address`: each an address and, for filtered chunks,
    /// a stored size and a filter mask.
    private func entriesAt(_ address: UInt64, first: Int, count: Int, size: Int) throws {
        var elements = try reader.read("\(place)'s fixed array entries \(first)..<\(first + count)", at: address, count: count * size)
        for entry in first..<(first + count) {
            let chunkAddress = try elements.address("entry \(entry)'s address")
            var stored = chunkBytes
            if filtered {
                stored = try elements.unsigned(size - reader.offsetSize - 4, "entry \(entry)'s chunk size")
                try elements.skip(4, "entry \(entry)'s filter mask")
            }
            guard chunkAddress != reader.undefinedAddress else { continue }
            try chunk(at: chunkAddress, storedSize: stored, what: "chunk \(entry) of \(place)'s fixed array")
        }
    }
}
