/// The messages of an HDF5 object header (format specification, section IV.A), version 1 (a 16-byte prefix,
/// written with superblocks 0 and 1) or version 2 (signature `OHDR`, with `libver="latest"`), including the
/// messages in continuation chunks.
///
/// Each chunk's bytes are read whole (after checking that they lie inside the file) and the messages are cut
/// from them, so a message size can never reach outside its chunk. Continuation messages are followed at most
/// once each, so a chain that loops back ends.
struct HDF5ObjectHeader {
    /// Message types the structure check reads.
    enum MessageType {
        /// Link info (new-style groups): where dense link storage is, if used.
        static let linkInfo = 0x0002
        /// A link of a new-style group stored compactly in the header.
        static let link = 0x0006
        /// More header messages elsewhere in the file.
        static let continuation = 0x0010
        /// Symbol table (old-style groups): the group's B-tree and local heap.
        static let symbolTable = 0x0011
        /// The B-tree K values (superblock extension, versions 2 and 3).
        static let bTreeKValues = 0x0013
        /// Where the shared-message table is (superblock extension).
        static let sharedMessageTable = 0x000F
    }

    /// One message: its type, its flags and its bytes.
    struct Message {
        let type: Int
        /// Bit 1 set: the message is shared (its body refers to the real message elsewhere).
        let flags: Int
        let body: HDF5Fields
    }

    /// Message types of datasets.
    enum DatasetMessageType {
        /// The dataspace: rank and dimensions.
        static let dataspace = 0x0001
        /// The datatype: class and element size.
        static let datatype = 0x0003
        /// The data layout: compact, contiguous or chunked storage.
        static let layout = 0x0008
        /// The filter pipeline (compression, shuffle, checksums).
        static let filterPipeline = 0x000B
    }

    /// The messages, in file order (chunk 0 first, then each continuation chunk).
    let messages: [Message]

    /// Reads the object header of `what` at `address`.
    ///
    /// - Throws: `DatasetError` naming `what` if the header or a continuation chunk does not lie inside the file,
    ///   has an unknown version or signature, or a message runs past its chunk.
    init(_ reader: HDF5StructureReader, at address: UInt64, what: String) throws {
        var messages: [Message] = []
        var chunks: [(address: UInt64, length: UInt64)] = []
        var seen = Set<UInt64>()
        let first = try reader.read(what, at: address, count: 1)
        let version2 = first.bytes[0] == UInt8(ascii: "O")
        var trackingCreationOrder = false
        if version2 {
            var prefix = try reader.read("\(what) (version 2 prefix)", at: address, count: 6)
            try prefix.expectSignature("OHDR")
            let version = try prefix.byte("the version")
            guard version == 2 else { throw reader.corrupt("\(what) has signature 'OHDR' but version \(version); expected 2") }
            let flags = try prefix.byte("the flags")
            trackingCreationOrder = flags & 0x04 != 0
            let sizeWidth = 1 << (flags & 0x03)
            let prefixLength = 6 + (flags & 0x20 != 0 ? 16 : 0) + (flags & 0x10 != 0 ? 4 : 0) + sizeWidth
            var full = try reader.read("\(what) (prefix)", at: address, count: prefixLength)
            try full.skip(prefixLength - sizeWidth, "the prefix")
            let chunkSize = try full.unsigned(sizeWidth, "the size of chunk 0")
            // Chunk 0 follows the prefix and is followed by a 4-byte checksum.
            guard chunkSize <= UInt64(reader.fileSize) else {
                throw reader.corrupt("\(what): chunk 0 claims \(chunkSize) bytes, more than the whole file (\(reader.fileSize) bytes)")
            }
            let chunk = try reader.read("\(what) (chunk 0)", at: address, count: prefixLength + Int(chunkSize) + 4)
            messages += try HDF5ObjectHeader.messages(
                in: chunk, from: prefixLength, to: prefixLength + Int(chunkSize), version2: true,
                creationOrder: trackingCreationOrder, what: what, reader: reader)
        } else {
            var prefix = try reader.read("\(what) (prefix)", at: address, count: 16)
            let version = try prefix.byte("the version")
            guard version == 1 else {
                throw reader.corrupt("\(what) has version \(version); expected 1 (or the signature 'OHDR' of version 2)")
            }
            try prefix.skip(7, "the message and reference counts")
            let chunkSize = try prefix.unsigned(4, "the header size")
            let chunk = try reader.read("\(what) (chunk 0)", at: address, count: 16 + Int(chunkSize))
            messages += try HDF5ObjectHeader.messages(
                in: chunk, from: 16, to: 16 + Int(chunkSize), version2: false, creationOrder: false, what: what,
                reader: reader)
        }
        seen.insert(address)
        var next = 0
        func queueContinuations(from index: Int) throws {
            for message in messages[index...] where message.type == MessageType.continuation {
                var body = message.body
                let chunk = (try body.address("the continuation address"), try body.length("the continuation length"))
                guard seen.insert(chunk.0).inserted else {
                    throw reader.corrupt("\(what): continuation chunk at offset \(chunk.0) is referred to twice (a loop)")
                }
                chunks.append(chunk)
            }
        }
        try queueContinuations(from: 0)
        while next < chunks.count {
            let (chunkAddress, length) = chunks[next]
            next += 1
            let name = "\(what) (continuation chunk \(next))"
            guard length <= UInt64(reader.fileSize), length >= (version2 ? 8 : 0) else {
                throw reader.corrupt("\(name) claims \(length) bytes (the file has \(reader.fileSize))")
            }
            var chunk = try reader.read(name, at: chunkAddress, count: Int(length))
            let count = messages.count
            if version2 {
                try chunk.expectSignature("OCHK")
                messages += try HDF5ObjectHeader.messages(
                    in: chunk, from: 4, to: Int(length) - 4, version2: true, creationOrder: trackingCreationOrder,
                    what: name, reader: reader)
            } else {
                messages += try HDF5ObjectHeader.messages(
                    in: chunk, from: 0, to: Int(length), version2: false, creationOrder: false, what: name, reader: reader)
            }
            try queueContinuations(from: count)
        }
        self.messages = messages
    }

    /// The bodies of the messages of `type`.
    func messages(of type: Int) -> [HDF5Fields] { messages.filter { $0.type == type }.map(\.body) }

    /// Cuts the messages out of `chunk.bytes[start..<end]`: version 1 headers of 8 bytes (type 2, size 2, flags 1,
    /// reserved 3), version 2 headers of 4 or 6 (type 1, size 2, flags 1, creation order 2 if tracked). Fewer
    /// bytes than a header at the end are a gap.
    private static func messages(
        in chunk: HDF5Fields, from start: Int, to end: Int, version2: Bool, creationOrder: Bool, what: String,
        reader: HDF5StructureReader
    ) throws -> [Message] {
        var messages: [Message] = []
        var fields = HDF5Fields(
            Array(chunk.bytes[start..<end]), what: what, offsetSize: reader.offsetSize, lengthSize: reader.lengthSize,
            path: reader.file.path)
        let headerSize = version2 ? (creationOrder ? 6 : 4) : 8
        while fields.remaining >= headerSize {
            let type = Int(try fields.unsigned(version2 ? 1 : 2, "a message type"))
            let size = Int(try fields.unsigned(2, "a message size"))
            let flags = try fields.byte("a message's flags")
            try fields.skip(headerSize - (version2 ? 4 : 5), "a message's reserved bytes or creation order")
            guard size <= fields.remaining else {
                throw reader.corrupt(
                    "\(what): a message of type \(type) claims \(size) bytes but only \(fields.remaining) remain in its chunk")
            }
            let body = HDF5Fields(
                Array(try fields.take(size, "a message")), what: "\(what), message of type \(type)",
                offsetSize: reader.offsetSize, lengthSize: reader.lengthSize, path: reader.file.path)
            messages.append(Message(type: type, flags: flags, body: body))
        }
        return messages
    }
}
