/// The dataspace, datatype and data layout messages of a dataset's object header (format specification, sections
/// IV.A.2.b, d and i), checked against each other before libhdf5 reads the dataset.
///
/// libhdf5 1.10.8 trusts the layout: a fuzzed file whose `images` had a version 1 layout message of class compact
/// holding 0 bytes of data, for 144 bytes of elements, crashed the process in `H5Dread` (`H5VM_memcpyvv` copying
/// from the compact buffer that was never allocated). So compact data must be exactly as large as the dataspace's
/// elements times the element size and lie inside the message, a contiguous dataset's stored bytes, if it has
/// an address, must lie inside the file, and a chunked dataset's chunk dimensions and index are checked by
/// ``HDF5ChunkIndex``. A layout message marked shared is refused (HDF5 does not share layouts); layout versions
/// other than 1 to 4 are left to libhdf5, which rejects them.
struct HDF5DatasetLayout {
    /// The storage classes of the layout message.
    enum Storage: Int {
        case compact = 0
        case contiguous = 1
        case chunked = 2
    }

    /// The dataset's dimensions, if the dataspace was read.
    private(set) var shape: HDF5ChunkIndex.Shape?
    /// The number of elements, if the dataspace was read.
    private(set) var elementCount: Int?
    /// The size of one element in bytes, if the datatype was read.
    private(set) var elementSize: Int?

    /// Reads and checks the messages of dataset `name`, whose object header is at `address`; every shared message
    /// in it is checked by ``HDF5SharedMessage``.
    ///
    /// - Parameter sharedMessageTable: the address of the file's shared-message table, if it has one.
    /// - Throws: `DatasetError` naming the dataset and the message at fault.
    init(_ reader: HDF5StructureReader, at address: UInt64, name: String, sharedMessageTable: UInt64?) throws {
        let what = "the object header of dataset '\(name)'"
        let header = try HDF5ObjectHeader(reader, at: address, what: what)
        for message in header.messages where message.flags & 0x02 != 0 {
            try HDF5SharedMessage.check(
                message.body, what: "dataset '\(name)''s message of type \(message.type)", sharedMessageTable: sharedMessageTable,
                reader: reader)
        }
        func unshared(_ type: Int) -> HDF5Fields? {
            guard let message = header.messages.first(where: { $0.type == type }), message.flags & 0x02 == 0 else { return nil }
            return message.body
        }
        if var space = unshared(HDF5ObjectHeader.DatasetMessageType.dataspace) {
            shape = try HDF5DatasetLayout.shape(of: &space, name: name, reader: reader)
            elementCount = try shape.map { try HDF5DatasetLayout.elementCount(of: $0, name: name, reader: reader) }
        }
        if var type = unshared(HDF5ObjectHeader.DatasetMessageType.datatype) {
            try type.skip(4, "the class, version and bit fields")
            elementSize = Int(try type.unsigned(4, "the element size"))
        }
        if header.messages.contains(where: { $0.type == HDF5ObjectHeader.DatasetMessageType.layout && $0.flags & 0x02 != 0 }) {
            throw reader.corrupt("dataset '\(name)''s layout message is marked shared, which HDF5 does not allow")
        }
        guard var layout = unshared(HDF5ObjectHeader.DatasetMessageType.layout) else { return }
        let place = "dataset '\(name)''s layout message"
        let filtered = header.messages.contains { $0.type == HDF5ObjectHeader.DatasetMessageType.filterPipeline }
        func checkChunks(_ kind: HDF5ChunkIndex.Kind, dimensions: [UInt64]) throws {
            try HDF5ChunkIndex.check(
                reader, kind: kind, chunkDimensions: dimensions, shape: shape, elementSize: elementSize, filtered: filtered,
                name: name)
        }
        let version = try layout.byte("the version")
        let storage: Storage?
        var storedSize: UInt64?
        var dataAddress = reader.undefinedAddress
        switch version {
        case 1, 2:
            let rank = try layout.byte("the dimensionality")
            storage = Storage(rawValue: try layout.byte("the layout class"))
            try layout.skip(5, "reserved bytes")
            if storage != .compact { dataAddress = try layout.address("the data address") }
            if storage == .chunked {
                let dimensions = try (0..<rank).map { try layout.unsigned(4, "chunk dimension \($0)") }
                try checkChunks(.bTree(dataAddress), dimensions: dimensions)
                return
            }
            try layout.skip(4 * rank, "the dimension sizes")
            if storage == .compact { storedSize = try layout.unsigned(4, "the compact data size") }
        case 3, 4:
            storage = Storage(rawValue: try layout.byte("the layout class"))
            if storage == .compact { storedSize = try layout.unsigned(2, "the compact data size") }
            if storage == .contiguous {
                dataAddress = try layout.address("the data address")
                storedSize = try layout.length("the data size")
            }
            if storage == .chunked {
                let (kind, dimensions) = try HDF5DatasetLayout.chunking(of: &layout, version: version)
                try checkChunks(kind, dimensions: dimensions)
                return
            }
        default:
            return
        }
        guard let storage else { return }
        // The bytes libhdf5 reads: every element of the dataspace.
        var needed: UInt64?
        if let elementCount, let elementSize {
            let (product, overflow) = UInt64(elementCount).multipliedReportingOverflow(by: UInt64(elementSize))
            needed = overflow ? nil : product
        }
        switch storage {
        case .compact:
            let size = storedSize ?? 0
            guard size <= UInt64(layout.remaining) else {
                throw reader.corrupt(
                    "\(place) claims \(size) bytes of compact data but only \(layout.remaining) bytes of the message follow")
            }
            guard let needed, needed == size else {
                throw reader.corrupt(
                    "\(place) holds \(size) bytes of compact data but its \(elementCount.map(String.init) ?? "?") elements of "
                        + "\(elementSize.map(String.init) ?? "?") bytes each need \(needed.map(String.init) ?? "more than 2^64")")
            }
        case .contiguous:
            guard dataAddress != reader.undefinedAddress else { return }  // never written: libhdf5 reads fill values
            guard let size = storedSize ?? needed, size <= UInt64(reader.fileSize) else {
                throw reader.corrupt(
                    "\(place) claims \(storedSize ?? needed.map { $0 } ?? UInt64.max) bytes of contiguous data, more than the "
                        + "whole file (\(reader.fileSize) bytes)")
            }
            _ = try reader.position(of: "the data of dataset '\(name)'", at: dataAddress, count: Int(size))
        case .chunked:
            return  // checked by HDF5ChunkIndex where the message was read
        }
    }

    /// The chunk index and the chunk dimensions (the element size last) of a version 3 or 4 layout message of
    /// class chunked, read from just after the layout class.
    private static func chunking(of layout: inout HDF5Fields, version: Int) throws -> (
        HDF5ChunkIndex.Kind, [UInt64]
    ) {
        if version == 3 {
            let rank = try layout.byte("the dimensionality")
            let address = try layout.address("the B-tree address")
            return (.bTree(address), try (0..<rank).map { try layout.unsigned(4, "chunk dimension \($0)") })
        }
        let flags = try layout.byte("the flags")
        let rank = try layout.byte("the dimensionality")
        let width = try layout.byte("the dimension size width")
        guard (1...8).contains(width) else { throw layout.cutShort("chunk dimensions of \(width) bytes", needs: width) }
        let dimensions = try (0..<rank).map { try layout.unsigned(width, "chunk dimension \($0)") }
        let type = try layout.byte("the chunk index type")
        let kind: HDF5ChunkIndex.Kind
        switch type {
        case 1:
            var filteredSize: UInt64?
            if flags & 0x02 != 0 {
                filteredSize = try layout.length("the filtered chunk's size")
                try layout.skip(4, "the filter mask")
            }
            kind = .singleChunk(try layout.address("the chunk address"), filteredSize: filteredSize)
        case 2: kind = .implicit(try layout.address("the chunks' address"))
        case 3:
            try layout.skip(1, "the page bits")
            kind = .fixedArray(try layout.address("the fixed array address"))
        default: kind = .unsupported(type)
        }
        return (kind, dimensions)
    }

    /// The dimensions of a dataspace message (version 1 or 2); `nil` for other versions; no dimensions and no
    /// elements for a null dataspace.
    private static func shape(of space: inout HDF5Fields, name: String, reader: HDF5StructureReader) throws -> HDF5ChunkIndex.Shape? {
        let version = try space.byte("the version")
        guard version == 1 || version == 2 else { return nil }
        let rank = try space.byte("the dimensionality")
        let flags = try space.byte("the flags")
        if version == 1 {
            try space.skip(5, "reserved bytes")
        } else if try space.byte("the dataspace type") == 2 {
            return HDF5ChunkIndex.Shape(dimensions: [0], maximumDimensions: [0])  // a null dataspace
        }
        let dimensions = try (0..<rank).map { try space.length("dimension \($0)") }
        let maximum = flags & 0x01 != 0 ? try (0..<rank).map { try space.length("maximum dimension \($0)") } : dimensions
        return HDF5ChunkIndex.Shape(dimensions: dimensions, maximumDimensions: maximum)
    }

    /// The number of elements of a dataset of `shape`.
    private static func elementCount(of shape: HDF5ChunkIndex.Shape, name: String, reader: HDF5StructureReader) throws -> Int {
        var count = 1
        for size in shape.dimensions {
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(clamping: size))
            guard !overflow, size <= UInt64(Int.max) else {
                throw reader.corrupt("dataset '\(name)''s dataspace has more elements than can be addressed")
            }
            count = product
        }
        return count
    }
}
