import Foundation

/// A set of named tensors in the safetensors format, the checkpoint format of PyTorch and Hugging Face users.
///
/// A file is an 8-byte little-endian header length `n`, `n` bytes of JSON mapping each tensor name to its
/// `dtype`, `shape` and `data_offsets` (plus an optional `__metadata__` object of strings), then the raw
/// little-endian data (<https://github.com/huggingface/safetensors>). Files written here use `F32` and open with
/// `safetensors.torch.load_file`; files from PyTorch open here whatever their floating-point or integer dtype
/// (values are converted to `Float`; ``storedTypes`` says what the file held).
///
/// Reading validates everything before allocating: a truncated file, a header over 100 MB, malformed JSON,
/// unknown dtypes, offsets that are out of range, overlapping or leave holes, and sizes that disagree with shapes
/// are rejected with a ``SafeTensorsError`` naming the file and the tensor. Writing is atomic (`AtomicFile`).
///
/// ```swift
/// var file = SafeTensors(tensors: ["fc.weight": w, "fc.bias": b], metadata: ["step": "100"])
/// try file.write(to: url)
/// let loaded = try SafeTensors(contentsOf: url)
/// let weight = loaded["fc.weight"]
/// ```
public struct SafeTensors {
    /// The tensors by name (values only: nothing is recorded for differentiation).
    public private(set) var tensors: [String: Tensor]
    /// The element type each tensor had in the file it was read from; ``SafeTensorsDType/f32`` for tensors set in
    /// memory, since that is how they are written.
    public private(set) var storedTypes: [String: SafeTensorsDType]
    /// Free-form string metadata (the header's `__metadata__` object).
    public var metadata: [String: String]

    /// Creates a set from tensors (detached from differentiation) and optional metadata.
    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors.mapValues { $0.detached() }
        self.storedTypes = tensors.mapValues { _ in .f32 }
        self.metadata = metadata
    }

    /// The tensor names, sorted.
    public var names: [String] { tensors.keys.sorted() }

    /// The tensor with the given name; setting one stores a detached copy of its values (as `F32`), and setting
    /// `nil` removes it.
    public subscript(name: String) -> Tensor? {
        get { tensors[name] }
        set {
            tensors[name] = newValue?.detached()
            storedTypes[name] = newValue == nil ? nil : .f32
        }
    }

    /// Reads and validates a safetensors file.
    ///
    /// The file is read with `pread` (never mapped): the header first, then each tensor it declares (and
    /// validates) one at a time, so the file is never held in memory whole, and a file truncated while
    /// it is read gives a thrown error instead of SIGBUS.
    /// - Throws: ``SafeTensorsError`` naming the file and, where one is at fault, the tensor.
    public init(contentsOf url: URL) throws {
        try self.init(reading: StoredFile(url, error: { SafeTensorsError(.io, file: nil, $0) }))
    }

    /// Reads and validates the safetensors file `file`, opened earlier: a file truncated since then gives a
    /// thrown ``SafeTensorsError`` (of kind ``SafeTensorsError/Kind/io`` if it shrank while being read).
    package init(reading file: StoredFile) throws {
        // One tensor's bytes at a time, through a buffer reused for every tensor.
        var scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 16)
        defer { scratch.deallocate() }
        (tensors, storedTypes, metadata) = try SafeTensors.decode(byteCount: file.sizeAtOpen, source: file.path) { range, body in
            if range.count > scratch.count {
                scratch.deallocate()
                scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(range.count, 64), alignment: 16)
            }
            try file.read(into: scratch.baseAddress!, count: range.count, at: range.lowerBound)
            body(UnsafeRawPointer(scratch.baseAddress!))
        }
    }

    /// Parses and validates the bytes of a safetensors file; `source` names it in errors.
    ///
    /// - Throws: ``SafeTensorsError`` naming `source` and, where one is at fault, the tensor.
    public init(data: Data, source: String? = nil) throws {
        (tensors, storedTypes, metadata) = try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            try SafeTensors.decode(byteCount: bytes.count, source: source) { range, body in
                body(bytes.baseAddress! + range.lowerBound)
            }
        }
    }

    /// Parses and validates a safetensors file of `byteCount` bytes whose bytes `withBytes` hands out: it calls
    /// its closure with a pointer to the bytes in the range it is given (always inside `0..<byteCount`).
    private static func decode(
        byteCount: Int, source: String?,
        withBytes: (Range<Int>, (UnsafeRawPointer) -> Void) throws -> Void
    ) throws -> (tensors: [String: Tensor], storedTypes: [String: SafeTensorsDType], metadata: [String: String]) {
        guard byteCount >= 8 else {
            throw SafeTensorsError(
                .truncated, file: source, "the file has \(byteCount) bytes, too few for the 8-byte header length")
        }
        var declared: UInt64 = 0
        try withBytes(0..<8) { declared = UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard declared <= UInt64(SafeTensorsHeader.maximumByteCount) else {
            throw SafeTensorsError(
                .headerTooLarge, file: source,
                "the header length \(declared) exceeds the format's limit of \(SafeTensorsHeader.maximumByteCount) bytes")
        }
        let headerLength = Int(declared)
        guard headerLength <= byteCount - 8 else {
            throw SafeTensorsError(
                .truncated, file: source,
                "the header length is \(headerLength) bytes but only \(byteCount - 8) bytes follow the length field")
        }
        var json = Data()
        try withBytes(8..<(8 + headerLength)) { json = Data(bytes: $0, count: headerLength) }
        let header = try SafeTensorsHeader(json: json, dataByteCount: byteCount - 8 - headerLength, file: source)
        var tensors: [String: Tensor] = [:]
        var storedTypes: [String: SafeTensorsDType] = [:]
        let start = 8 + headerLength
        for entry in header.entries {
            try withBytes((start + entry.byteRange.lowerBound)..<(start + entry.byteRange.upperBound)) { bytes in
                tensors[entry.name] = Tensor(shape: entry.shape) { out in
                    entry.dtype.convert(bytes, count: entry.count, into: out.baseAddress!)
                }
            }
            storedTypes[entry.name] = entry.dtype
        }
        return (tensors, storedTypes, header.metadata)
    }

    /// The bytes of a safetensors file holding these tensors as `F32`, in name order.
    ///
    /// - Throws: ``SafeTensorsError`` of kind ``SafeTensorsError/Kind/invalidName`` for an empty name or the
    ///   reserved name `__metadata__`.
    public func serialized() throws -> Data {
        var entries: [SafeTensorsEntry] = []
        var offset = 0
        for name in names {
            guard !name.isEmpty, name != SafeTensorsHeader.metadataKey else {
                throw SafeTensorsError(.invalidName, file: nil, tensor: name, "tensor names must be non-empty and not \"\(SafeTensorsHeader.metadataKey)\"")
            }
            let tensor = tensors[name]!
            let byteCount = tensor.count * 4
            entries.append(SafeTensorsEntry(name: name, dtype: .f32, shape: tensor.shape, byteRange: offset..<(offset + byteCount), count: tensor.count))
            offset += byteCount
        }
        let header = SafeTensorsHeader.encode(entries: entries, metadata: metadata)
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(header)
        for entry in entries {
            tensors[entry.name]!.withUnsafeScalars { scalars in
                if UInt32(littleEndian: 1) == 1 {
                    data.append(contentsOf: UnsafeRawBufferPointer(scalars))
                } else {
                    for scalar in scalars { withUnsafeBytes(of: scalar.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
                }
            }
        }
        return data
    }

    /// Writes these tensors to `url` as a safetensors file, atomically (see `AtomicFile`).
    ///
    /// - Throws: ``SafeTensorsError`` naming the file for an invalid tensor name or an I/O failure.
    public func write(to url: URL) throws {
        let data: Data
        do {
            data = try serialized()
        } catch let error as SafeTensorsError {
            throw SafeTensorsError(error.kind, file: url.path, tensor: error.tensor, error.reason)
        }
        try AtomicFile.write(data, to: url)
    }
}
