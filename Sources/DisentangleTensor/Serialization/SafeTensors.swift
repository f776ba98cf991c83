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
    /// The file is memory-mapped, so only the tensors it declares (and validates) are copied into memory.
    /// - Throws: ``SafeTensorsError`` naming the file and, where one is at fault, the tensor.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw SafeTensorsError(.io, file: url.path, "cannot read the file (\(error.localizedDescription))")
        }
        try self.init(data: data, source: url.path)
    }

    /// Parses and validates the bytes of a safetensors file; `source` names it in errors.
    ///
    /// - Throws: ``SafeTensorsError`` naming `source` and, where one is at fault, the tensor.
    public init(data: Data, source: String? = nil) throws {
        guard data.count >= 8 else {
            throw SafeTensorsError(
                .truncated, file: source, "the file has \(data.count) bytes, too few for the 8-byte header length")
        }
        let declared = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard declared <= UInt64(SafeTensorsHeader.maximumByteCount) else {
            throw SafeTensorsError(
                .headerTooLarge, file: source,
                "the header length \(declared) exceeds the format's limit of \(SafeTensorsHeader.maximumByteCount) bytes")
        }
        let headerLength = Int(declared)
        guard headerLength <= data.count - 8 else {
            throw SafeTensorsError(
                .truncated, file: source,
                "the header length is \(headerLength) bytes but only \(data.count - 8) bytes follow the length field")
        }
        let start = data.startIndex
        let header = try SafeTensorsHeader(
            json: data.subdata(in: (start + 8)..<(start + 8 + headerLength)),
            dataByteCount: data.count - 8 - headerLength, file: source)
        var tensors: [String: Tensor] = [:]
        var storedTypes: [String: SafeTensorsDType] = [:]
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            let base = bytes.baseAddress! + 8 + headerLength
            for entry in header.entries {
                tensors[entry.name] = Tensor(shape: entry.shape) { out in
                    entry.dtype.convert(base + entry.byteRange.lowerBound, count: entry.count, into: out.baseAddress!)
                }
                storedTypes[entry.name] = entry.dtype
            }
        }
        self.tensors = tensors
        self.storedTypes = storedTypes
        self.metadata = header.metadata
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
