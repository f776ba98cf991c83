/// The version 1 B-tree of an old-style group (format specification, sections III.A.1 and III.C): nodes with
/// signature `TREE` whose keys are name offsets into the group's local heap, down to symbol-table nodes (`SNOD`)
/// whose entries give each link's name offset and object header address.
///
/// libhdf5 reads every node whole (its size follows from the superblock's K values, not from the node) and
/// compares the name it looks up with the names the keys and entries point to. So each node is checked to lie
/// inside the file, to carry its signature, a group node type, the level its parent implies and no more entries
/// than fit; each key and entry to name a NUL-terminated string inside the heap's data; each entry's object header
/// address to be inside the file (a soft link's target path, in the heap, instead). Every node is visited once, so a loop of child pointers ends with an error.
struct HDF5GroupBTree {
    /// One link of the group.
    struct Entry {
        /// The link's name.
        let name: String
        /// The address of the object it links to (undefined for a soft link).
        let objectHeader: UInt64
    }

    /// The cache type of a symbol-table entry that is a soft link (its object header address is undefined).
    static let softLinkCacheType: UInt64 = 2

    /// The links, in B-tree order.
    private(set) var entries: [Entry] = []

    private let reader: HDF5StructureReader
    private let heap: HDF5LocalHeap
    private let what: String
    private let leafK: Int
    private let internalK: Int
    private var visited = Set<UInt64>()

    /// Walks the B-tree of `what` whose root node is at `address`, with names in `heap`.
    ///
    /// - Parameters:
    ///   - leafK: half the capacity of a symbol-table node.
    ///   - internalK: half the capacity of a B-tree node.
    /// - Throws: `DatasetError` naming the node and the problem.
    init(_ reader: HDF5StructureReader, at address: UInt64, heap: HDF5LocalHeap, leafK: Int, internalK: Int, what: String) throws {
        self.reader = reader
        self.heap = heap
        self.what = what
        self.leafK = leafK
        self.internalK = internalK
        try walk(at: address, level: nil, name: "\(what)'s B-tree")
    }

    /// Checks the `TREE` node at `address` (of `level`, or any level for the root) and everything below it.
    private mutating func walk(at address: UInt64, level expected: Int?, name: String) throws {
        guard visited.insert(address).inserted else {
            throw reader.corrupt("\(name) at offset \(address) is reached twice (a loop in \(what)'s B-tree)")
        }
        let o = reader.offsetSize
        let l = reader.lengthSize
        let capacity = 2 * internalK
        // libhdf5 reads the node at its full capacity, so all of it must lie inside the file.
        _ = try reader.position(of: name, at: address, count: 8 + 2 * o + (capacity + 1) * l + capacity * o)
        let header = try HDF5BTreeNodeHeader(reader, at: address, type: (0, "group"), expectedLevel: expected, name: name)
        let level = header.level
        let used = header.entriesUsed
        guard used <= capacity else {
            throw reader.corrupt("\(name) uses \(used) entries; at most \(capacity) fit (2 x the superblock's K of \(internalK))")
        }
        var node = try reader.read(name, at: header.entriesAddress, count: (used + 1) * l + used * o)
        var children: [UInt64] = []
        for index in 0...used {
            let key = try node.length("key \(index)")
            _ = try heap.name(at: key, for: "key \(index) of \(name)", reader: reader)
            if index < used { children.append(try node.address("child \(index)")) }
        }
        for (index, child) in children.enumerated() {
            if level == 0 {
                try symbols(at: child, name: "\(what)'s symbol-table node \(index) of \(name)")
            } else {
                try walk(at: child, level: level - 1, name: "\(what)'s B-tree node (level \(level - 1), child \(index) of \(name))")
            }
        }
    }

    /// Checks the `SNOD` node at `address` and collects its entries.
    private mutating func symbols(at address: UInt64, name: String) throws {
        guard visited.insert(address).inserted else {
            throw reader.corrupt("\(name) at offset \(address) is reached twice (a loop in \(what)'s B-tree)")
        }
        let o = reader.offsetSize
        let capacity = 2 * leafK
        let entrySize = 2 * o + 24
        var node = try reader.read(name, at: address, count: 8 + capacity * entrySize)
        try node.expectSignature("SNOD")
        let version = try node.byte("the version")
        guard version == 1 else { throw reader.corrupt("\(name) has version \(version); expected 1") }
        try node.skip(1, "a reserved byte")
        let count = Int(try node.unsigned(2, "the number of symbols"))
        guard count <= capacity else {
            throw reader.corrupt("\(name) holds \(count) symbols; at most \(capacity) fit (2 x the superblock's K of \(leafK))")
        }
        for index in 0..<count {
            let entry = "entry \(index) of \(name)"
            let nameOffset = try node.address("the link name offset of \(entry)")
            let objectHeader = try node.address("the object header address of \(entry)")
            let cacheType = try node.unsigned(4, "the cache type of \(entry)")
            try node.skip(4, "a reserved field of \(entry)")
            let scratch = try node.unsigned(4, "the scratch pad of \(entry)")
            try node.skip(12, "the rest of the scratch pad of \(entry)")
            let linkName = try heap.name(at: nameOffset, for: entry, reader: reader)
            if cacheType == HDF5GroupBTree.softLinkCacheType {
                // A soft link: no object, its target path is in the heap at the offset the scratch pad holds.
                _ = try heap.name(at: scratch, for: "the soft link target of '\(linkName)' (\(entry))", reader: reader)
            } else {
                _ = try reader.position(of: "the object header of '\(linkName)' (\(entry))", at: objectHeader, count: 1)
            }
            entries.append(Entry(name: linkName, objectHeader: objectHeader))
        }
    }
}
