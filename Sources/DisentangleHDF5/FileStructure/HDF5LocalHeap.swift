/// A local heap (format specification, section III.D): the block of NUL-terminated link names of an old-style
/// group, which its B-tree keys and symbol-table entries point into by offset.
///
/// Checked here because libhdf5 1.10.8 trusts it: the header (signature `HEAP`, version 0, data segment size,
/// free-list head, data segment address) must lie inside the file, the data segment's address must be defined
/// and the whole segment must lie inside the file (libhdf5 allocates and reads the declared size: an undefined
/// address or a size near 2^64 crashed it inside `H5Lexists`), and the free list must stay inside the segment
/// (each block's two fields and its size), without loops and without a next offset of 0 (libhdf5's checks, made
/// before it reads a field past the segment or loops forever). The data segment is then read whole, so that
/// ``name(at:)`` can check that a name's offset is inside it and its NUL comes before its end.
struct HDF5LocalHeap {
    /// The heap's name in error messages, e.g. "the root group's local heap".
    let what: String
    /// The data segment.
    let data: [UInt8]

    /// The value libhdf5 writes for an empty free list (the specification says the undefined address).
    private static let libhdf5EmptyFreeList: UInt64 = 1

    /// Reads and checks the local heap of `what` at `address`.
    ///
    /// - Throws: `DatasetError` naming the heap if a part of it lies outside the file or its free list is damaged.
    init(_ reader: HDF5StructureReader, at address: UInt64, what: String) throws {
        self.what = what
        var header = try reader.read(what, at: address, count: 8 + 2 * reader.lengthSize + reader.offsetSize)
        try header.expectSignature("HEAP")
        let version = try header.byte("the version")
        guard version == 0 else { throw reader.corrupt("\(what) has version \(version); expected 0") }
        try header.skip(3, "reserved bytes")
        let size = try header.length("the data segment size")
        let freeList = try header.length("the free-list offset")
        let segment = try header.address("the data segment address")
        let name = "\(what)'s data segment"
        guard size <= UInt64(reader.fileSize) else {
            throw reader.corrupt(
                "\(name) claims \(size) bytes, more than the whole file (\(reader.fileSize) bytes)")
        }
        data = try reader.read(name, at: segment, count: Int(size)).bytes
        try checkFreeList(from: freeList, undefined: HDF5StructureReader.allOnes(reader.lengthSize), reader: reader)
    }

    /// Walks the free list: each block holds the offset of the next (or the end marker) and its own size.
    private func checkFreeList(from head: UInt64, undefined: UInt64, reader: HDF5StructureReader) throws {
        var block = head
        var seen = Set<UInt64>()
        let width = UInt64(reader.lengthSize)
        while block != HDF5LocalHeap.libhdf5EmptyFreeList && block != undefined {
            let place = "\(what)'s free block at offset \(block)"
            guard block < UInt64(data.count), 2 * width <= UInt64(data.count) - block else {
                throw reader.corrupt("\(place) lies outside its \(data.count)-byte data segment")
            }
            guard seen.insert(block).inserted else { throw reader.corrupt("\(what)'s free list loops back to offset \(block)") }
            var fields = HDF5Fields(
                Array(data[Int(block)..<Int(block + 2 * width)]), what: place, offsetSize: reader.offsetSize,
                lengthSize: reader.lengthSize, path: reader.file.path)
            let next = try fields.length("the next free block")
            let size = try fields.length("the block size")
            guard next != 0, size <= UInt64(data.count) - block else {
                throw reader.corrupt("\(place) claims \(size) bytes (its data segment has \(UInt64(data.count) - block) from there) and the next block at offset \(next)")
            }
            block = next
        }
    }

    /// The NUL-terminated name at `offset` in the data segment, for `user` (e.g. "a B-tree key of the root group").
    ///
    /// - Throws: `DatasetError` if the offset is outside the data segment or the name has no NUL before its end.
    func name(at offset: UInt64, for user: String, reader: HDF5StructureReader) throws -> String {
        guard offset < UInt64(data.count) else {
            throw reader.corrupt(
                "\(user) names offset \(offset) of \(what), outside its \(data.count)-byte data segment")
        }
        guard let end = data[Int(offset)...].firstIndex(of: 0) else {
            throw reader.corrupt("\(user) names offset \(offset) of \(what), where no NUL ends the name before the segment does")
        }
        return String(decoding: data[Int(offset)..<end], as: UTF8.self)
    }
}
