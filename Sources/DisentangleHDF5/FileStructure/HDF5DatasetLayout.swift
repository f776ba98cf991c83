/// The dataspace, datatype and data layout messages of a dataset's object header (format specification, sections
/// IV.A.2.b, d and i), checked against each other before libhdf5 reads the dataset.
///
/// libhdf5 1.10.8 trusts the layout: a fuzzed file whose `images` had a version 1 layout message of class compact
/// holding 0 bytes of data, for 144 bytes of elements, crashed the process in `H5Dread` (`H5VM_memcpyvv` copying
/// from the compact buffer that was never allocated). So compact data must be exactly as large as the dataspace's
/// elements times the element size and lie inside the message, and a contiguous dataset's stored bytes, if it has
/// an address, must lie inside the file. Chunked layouts (their chunk index), shared messages and layout versions
/// other than 1 to 4 are left to libhdf5.
struct HDF5DatasetLayout {
    /// The storage classes of the layout message.
    enum Storage: Int {
        case compact = 0
        case contiguous = 1
        case chunked = 2
    }

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
            elementCount = try HDF5DatasetLayout.elementCount(of: &space, name: name, reader: reader)
        }
        if var type = unshared(HDF5ObjectHeader.DatasetMessageType.datatype) {
            try type.skip(4, "the class, version and bit fields")
            elementSize = Int(try type.unsigned(4, "the element size"))
        }
        guard var layout = unshared(HDF5ObjectHeader.DatasetMessageType.layout) else { return }
        let place = "dataset '\(name)''s layout message"
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
            try layout.skip(4 * rank, "the dimension sizes")
            if storage == .chunked { return }
            if storage == .compact { storedSize = try layout.unsigned(4, "the compact data size") }
        case 3, 4:
            storage = Storage(rawValue: try layout.byte("the layout class"))
            if storage == .compact { storedSize = try layout.unsigned(2, "the compact data size") }
            if storage == .contiguous {
                dataAddress = try layout.address("the data address")
                storedSize = try layout.length("the data size")
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
            return
        }
    }

    /// The number of elements of a dataspace message (version 1 or 2); `nil` for other versions.
    private static func elementCount(of space: inout HDF5Fields, name: String, reader: HDF5StructureReader) throws -> Int? {
        let version = try space.byte("the version")
        guard version == 1 || version == 2 else { return nil }
        let rank = try space.byte("the dimensionality")
        _ = try space.byte("the flags")
        if version == 1 {
            try space.skip(5, "reserved bytes")
        } else if try space.byte("the dataspace type") == 2 {
            return 0  // a null dataspace
        }
        var count = 1
        for axis in 0..<rank {
            let size = try space.length("dimension \(axis)")
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(clamping: size))
            guard !overflow, size <= UInt64(Int.max) else {
                throw reader.corrupt("dataset '\(name)''s dataspace has more elements than can be addressed")
            }
            count = product
        }
        return count
    }
}
