import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// Builds the bytes of a safetensors file from a raw JSON header and a data section.
private func file(header: String, data: [UInt8] = []) -> Data {
    var bytes = Data()
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: Array(header.utf8))
    bytes.append(contentsOf: data)
    return bytes
}

/// Little-endian bytes of fixed-width values.
private func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
}

/// The kind of error parsing `data` throws, or `nil` if it parses.
private func rejection(_ data: Data) -> SafeTensorsError? {
    do {
        _ = try SafeTensors(data: data, source: "test.safetensors")
        return nil
    } catch let error as SafeTensorsError {
        return error
    } catch {
        Issue.record("unexpected error type \(error)")
        return nil
    }
}

@Suite("SafeTensors")
struct SafeTensorsTests {
    @Test func roundTripsTensorsAndMetadata() throws {
        let weight = Tensor(shape: [2, 3], scalars: [1, -2, 3.5, .pi, -0.0, 1e-30])
        let bias = Tensor([0.25, -7])
        let empty = Tensor.zeros([0, 4])
        var original = SafeTensors(tensors: ["fc.weight": weight, "fc.bias": bias, "empty": empty], metadata: ["step": "12", "note": "quote \" and \\ and \n"])
        original["scalar"] = Tensor(42)
        let data = try original.serialized()
        let headerLength = data.withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        #expect(headerLength % 8 == 0)
        let loaded = try SafeTensors(data: data)
        #expect(loaded.names == ["empty", "fc.bias", "fc.weight", "scalar"])
        #expect(loaded["fc.weight"]?.shape == [2, 3])
        #expect(loaded["fc.weight"]?.scalars.map(\.bitPattern) == weight.scalars.map(\.bitPattern))
        #expect(loaded["fc.bias"]?.scalars == [0.25, -7])
        #expect(loaded["empty"]?.shape == [0, 4])
        #expect(loaded["scalar"]?.shape == [])
        #expect(loaded["scalar"]?.scalar == 42)
        #expect(loaded.metadata == original.metadata)
        #expect(loaded.storedTypes.values.allSatisfy { $0 == .f32 })
    }

    @Test func writesAtomicallyAndReplaces() throws {
        let directory = temporaryDirectory("safetensors-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        try SafeTensors(tensors: ["a": Tensor([1, 2])]).write(to: url)
        try SafeTensors(tensors: ["b": Tensor([3])]).write(to: url)
        #expect(try SafeTensors(contentsOf: url).names == ["b"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["model.safetensors"])
    }

    @Test func reportsIOErrorsWithThePath() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/model.safetensors")
        #expect(throws: SafeTensorsError.self) { try SafeTensors(tensors: ["a": Tensor([1])]).write(to: missing) }
        do {
            _ = try SafeTensors(contentsOf: missing)
            Issue.record("reading a missing file succeeded")
        } catch let error as SafeTensorsError {
            #expect(error.kind == .io)
            #expect(error.description.contains(missing.path))
        }
    }

    @Test func rejectsReservedAndEmptyNames() {
        for name in ["", "__metadata__"] {
            #expect(throws: SafeTensorsError.self) { try SafeTensors(tensors: [name: Tensor([1])]).serialized() }
        }
    }

    @Test func readsOtherDTypes() throws {
        let f64 = littleEndianBytes([(1.5 as Double).bitPattern, (-2.25 as Double).bitPattern])
        // F16: 1.0 = 0x3C00, -2.5 = 0xC100, smallest subnormal 2^-24 = 0x0001, infinity = 0x7C00.
        let f16 = littleEndianBytes([UInt16(0x3C00), 0xC100, 0x0001, 0x7C00])
        // BF16: 1.0 = 0x3F80, -3.0 = 0xC040.
        let bf16 = littleEndianBytes([UInt16(0x3F80), 0xC040])
        let i64 = littleEndianBytes([Int64(-3), 1 << 40])
        let i32 = littleEndianBytes([Int32(-7)])
        let u8: [UInt8] = [255]
        let bool: [UInt8] = [1, 0]
        var data: [UInt8] = []
        var parts: [String] = []
        for (name, dtype, shape, bytes) in [
            ("a", "F64", "[2]", f64), ("b", "F16", "[2,2]", f16), ("c", "BF16", "[2]", bf16),
            ("d", "I64", "[2]", i64), ("e", "I32", "[1]", i32), ("f", "U8", "[1]", u8), ("g", "BOOL", "[2]", bool),
        ] {
            parts.append("\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[\(data.count),\(data.count + bytes.count)]}")
            data += bytes
        }
        let loaded = try SafeTensors(data: file(header: "{" + parts.joined(separator: ",") + "}", data: data))
        #expect(loaded["a"]?.scalars == [1.5, -2.25])
        #expect(loaded["b"]?.scalars == [1, -2.5, 0x1p-24, .infinity])
        #expect(loaded["b"]?.shape == [2, 2])
        #expect(loaded["c"]?.scalars == [1, -3])
        #expect(loaded["d"]?.scalars == [-3, 0x1p40])
        #expect(loaded["e"]?.scalars == [-7])
        #expect(loaded["f"]?.scalars == [255])
        #expect(loaded["g"]?.scalars == [1, 0])
        #expect(loaded.storedTypes["a"] == .f64)
        #expect(loaded.storedTypes["b"] == .f16)
        #expect(loaded.storedTypes["d"] == .i64)
    }

    @Test func rejectsFilesTooShortForTheLength() {
        let error = rejection(Data([1, 2, 3]))
        #expect(error?.kind == .truncated)
        #expect(error?.description.hasPrefix("test.safetensors: ") == true)
    }

    @Test func rejectsHeadersLongerThanTheFile() {
        var data = file(header: "{}")
        data.removeLast()
        #expect(rejection(data)?.kind == .truncated)
    }

    @Test func rejectsAbsurdHeaderLengths() {
        for length in [UInt64(100_000_001), UInt64.max] {
            var data = Data()
            withUnsafeBytes(of: length.littleEndian) { data.append(contentsOf: $0) }
            data.append(contentsOf: Array("{}".utf8))
            #expect(rejection(data)?.kind == .headerTooLarge)
        }
    }

    @Test func rejectsMalformedJSON() {
        for header in ["{\"a\":", "[1,2]", "not json", "{\"a\":{\"dtype\":\"F32\"", String(repeating: "[", count: 100_000)] {
            #expect(rejection(file(header: header))?.kind == .invalidHeader, "header \(header.prefix(20))")
        }
        #expect(rejection(file(header: "\u{FF}"))?.kind == .invalidHeader)
        var invalidUTF8 = file(header: "{\"x\":1}")
        invalidUTF8[10] = 0xFF
        #expect(rejection(invalidUTF8)?.kind == .invalidHeader)
    }

    @Test func rejectsMalformedEntriesNamingTheTensor() {
        let cases = [
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[true],\"data_offsets\":[0,4]}}",
            "{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}",
            "{\"w\":[1,2,3]}",
        ]
        for header in cases {
            let error = rejection(file(header: header, data: [0, 0, 0, 0]))
            #expect(error?.kind == .invalidHeader, "\(header)")
            #expect(error?.tensor == "w", "\(header)")
        }
        let metadata = rejection(file(header: "{\"__metadata__\":{\"step\":3}}"))
        #expect(metadata?.kind == .invalidHeader)
        #expect(metadata?.description.contains("__metadata__") == true)
    }

    @Test func rejectsUnsupportedDTypes() {
        let error = rejection(file(header: "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", data: [0]))
        #expect(error?.kind == .unsupportedDType)
        #expect(error?.tensor == "w")
        #expect(error?.description.contains("F8_E4M3") == true)
    }

    @Test func rejectsInvalidShapes() {
        #expect(rejection(file(header: "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}"))?.kind == .invalidShape)
        let huge = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}"
        #expect(rejection(file(header: huge))?.kind == .invalidShape)
        let hugeBytes = "{\"w\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904],\"data_offsets\":[0,0]}}"
        #expect(rejection(file(header: hugeBytes))?.kind == .sizeMismatch)
    }

    @Test func rejectsOutOfRangeOffsets() {
        let reversed = rejection(file(header: "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", data: [0, 0, 0, 0]))
        #expect(reversed?.kind == .offsetsOutOfRange)
        #expect(reversed?.tensor == "w")
        let beyond = rejection(file(header: "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data: [0, 0, 0, 0]))
        #expect(beyond?.kind == .offsetsOutOfRange)
        let negative = rejection(file(header: "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}"))
        #expect(negative?.kind == .offsetsOutOfRange)
        let enormous = rejection(file(header: "{\"w\":{\"dtype\":\"U8\",\"shape\":[1099511627776],\"data_offsets\":[0,1099511627776]}}"))
        #expect(enormous?.kind == .offsetsOutOfRange)
    }

    @Test func rejectsTruncatedData() throws {
        var data = try SafeTensors(tensors: ["a": Tensor([1, 2, 3]), "b": Tensor([4, 5])]).serialized()
        data.removeLast(3)
        let error = rejection(data)
        #expect(error?.kind == .offsetsOutOfRange)
        #expect(error?.tensor == "b")
    }

    @Test func rejectsSizeMismatches() {
        let error = rejection(file(header: "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]))
        #expect(error?.kind == .sizeMismatch)
        #expect(error?.tensor == "w")
    }

    @Test func rejectsOverlappingOffsets() {
        let header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}"
        let error = rejection(file(header: header, data: Array(repeating: 0, count: 8)))
        #expect(error?.kind == .overlappingOffsets)
        #expect(error?.tensor == "b")
        #expect(error?.description.contains("\"a\"") == true)
    }

    @Test func rejectsHolesAndTrailingBytes() {
        let hole = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}"
        #expect(rejection(file(header: hole, data: Array(repeating: 0, count: 12)))?.kind == .incompleteBuffer)
        let trailing = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
        #expect(rejection(file(header: trailing, data: Array(repeating: 0, count: 5)))?.kind == .incompleteBuffer)
    }
}
