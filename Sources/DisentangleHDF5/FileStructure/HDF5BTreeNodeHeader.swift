/// The header of a version 1 B-tree node (format specification, section III.A.1): the signature `TREE`, the node
/// type (0 for a group's B-tree, 1 for a dataset's chunks), the level, the entries used and the two sibling
/// addresses; checked the same way for groups (``HDF5GroupBTree``) and chunk indexes (``HDF5ChunkIndex``).
struct HDF5BTreeNodeHeader {
    /// The node's level: 0 for a node whose children are the indexed objects.
    let level: Int
    /// The number of children the node uses (its keys are one more).
    let entriesUsed: Int
    /// Where the node's keys and children start, right after the header.
    let entriesAddress: UInt64

    /// Reads and checks the header of the node `name` at `address`.
    ///
    /// - Parameters:
    ///   - type: the node type the tree must have, and its name for errors ("group", "chunks").
    ///   - expectedLevel: the level the parent implies, `nil` for the root.
    /// - Throws: `DatasetError` naming the node if it does not lie inside the file, lacks the signature, or has
    ///   another type or level.
    init(
        _ reader: HDF5StructureReader, at address: UInt64, type: (code: Int, name: String), expectedLevel: Int?,
        name: String
    ) throws {
        let size = 8 + 2 * reader.offsetSize
        var header = try reader.read(name, at: address, count: size)
        try header.expectSignature("TREE")
        let found = try header.byte("the node type")
        guard found == type.code else {
            throw reader.corrupt("\(name) has node type \(found); expected \(type.code) (\(type.name))")
        }
        level = try header.byte("the node level")
        if let expectedLevel, level != expectedLevel {
            throw reader.corrupt("\(name) has level \(level); its parent is at level \(expectedLevel + 1)")
        }
        entriesUsed = Int(try header.unsigned(2, "the entries used"))
        entriesAddress = address + UInt64(size)
    }
}
