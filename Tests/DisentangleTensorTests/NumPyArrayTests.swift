import DisentangleTensor
import Foundation
import Testing

/// `.npy` files written by NumPy 2.4 (`Scripts/datasets/make_npy_fixtures.py`), hex-encoded.
private let numpyFixtures: [String: String] = [
    "f4_2x3_v1":
        "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000000000000803e0000003f0000403f0000803f0000a03f",
    "f8_3_v2":
        "934e554d50590200740000007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000000000000f83f00000000000002c09c7500883ce4377e",
    "i8_2x2_v3":
        "934e554d50590300740000007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2032292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200affffffffffffffff020000000000000003000000000000000000000000ffffff",
    "u1_4":
        "934e554d5059010076007b276465736372273a20277c7531272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028342c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000180ff",
    "i1_3":
        "934e554d5059010076007b276465736372273a20277c6931272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a80007f",
    "i2_3":
        "934e554d5059010076007b276465736372273a20273c6932272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200ad4fe00002c01",
    "u2_2":
        "934e554d5059010076007b276465736372273a20273c7532272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000ffff",
    "i4_scalar":
        "934e554d5059010076007b276465736372273a20273c6934272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200af9ffffff",
    "b1_3":
        "934e554d5059010076007b276465736372273a20277c6231272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a010001",
    "f4_empty_0x5":
        "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028302c2035292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a",
    "f4_fortran_2x2":
        "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a20547275652c20277368617065273a2028322c2032292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a00000000000000400000803f00004040",
    "f4_bigendian_2":
        "934e554d5059010076007b276465736372273a20273e6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a3f80000040000000",
]

private func fixture(_ name: String) -> [UInt8] {
    let hex = Array(numpyFixtures[name]!.utf8)
    return stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<($0 + 2)], as: UTF8.self), radix: 16)! }
}

/// A `.npy` encoding with an arbitrary dictionary (padded like NumPy's) followed by `data`.
private func handmade(_ dictionary: String, data: [UInt8] = [], version: UInt8 = 1) -> [UInt8] {
    var text = Array(dictionary.utf8)
    let prefix = version == 1 ? 10 : 12
    while (prefix + text.count + 1) % 64 != 0 { text.append(0x20) }
    text.append(0x0A)
    var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
    if version == 1 {
        bytes += [UInt8(text.count & 0xFF), UInt8(text.count >> 8)]
    } else {
        bytes += [UInt8(text.count & 0xFF), UInt8(text.count >> 8), 0, 0]
    }
    return bytes + text + data
}

/// The message of the `NumPyArrayError` thrown by `body`, or nil if it did not throw one.
private func errorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as NumPyArrayError {
        return error.description
    } catch {
        return "unexpected error type: \(error)"
    }
}

@Suite("NumPy .npy arrays")
struct NumPyArrayTests {
    @Test("reads every supported dtype written by NumPy")
    func readsNumPyFiles() throws {
        let f4 = try NumPyArray(encoded: fixture("f4_2x3_v1"))
        #expect(f4.dtype == .float32 && f4.shape == [2, 3])
        #expect(f4.floats() == [0, 0.25, 0.5, 0.75, 1, 1.25])

        let f8 = try NumPyArray(encoded: fixture("f8_3_v2"))
        #expect(f8.dtype == .float64 && f8.shape == [3])
        #expect(f8.doubles() == [1.5, -2.25, 1e300])

        let i8 = try NumPyArray(encoded: fixture("i8_2x2_v3"))
        #expect(i8.shape == [2, 2])
        #expect(try i8.integers() == [-1, 2, 3, -(1 << 40)])

        #expect(try NumPyArray(encoded: fixture("u1_4")).integers() == [0, 1, 128, 255])
        #expect(try NumPyArray(encoded: fixture("i1_3")).integers() == [-128, 0, 127])
        #expect(try NumPyArray(encoded: fixture("i2_3")).integers() == [-300, 0, 300])
        #expect(try NumPyArray(encoded: fixture("u2_2")).integers() == [0, 65535])
        let scalar = try NumPyArray(encoded: fixture("i4_scalar"))
        #expect(scalar.shape == [])
        #expect(try scalar.integers() == [-7])
        let b1 = try NumPyArray(encoded: fixture("b1_3"))
        #expect(b1.dtype == .bool)
        #expect(try b1.integers() == [1, 0, 1])
        let empty = try NumPyArray(encoded: fixture("f4_empty_0x5"))
        #expect(empty.shape == [0, 5] && empty.count == 0)
    }

    @Test("writes byte-identical files to NumPy's for the same array")
    func matchesNumPyEncoding() throws {
        let ours = try NumPyArray(shape: [2, 3], floats: [0, 0.25, 0.5, 0.75, 1, 1.25])
        #expect(ours.encoded() == fixture("f4_2x3_v1"))
        let bytes = try NumPyArray(shape: [4], integers: [0, 1, 128, 255], dtype: .uint8)
        #expect(bytes.encoded() == fixture("u1_4"))
    }

    @Test("round-trips every dtype through encode and parse")
    func roundTrips() throws {
        let values = [0, 1, -1, 7, 100, -100]
        for dtype in NumPyArrayDType.allCases where !dtype.isFloatingPoint {
            let fitting = values.filter { dtype == .bool ? (0...1).contains($0) : dtype == .uint8 || dtype == .uint16 ? $0 >= 0 : true }
            let array = try NumPyArray(shape: [fitting.count], integers: fitting, dtype: dtype)
            let parsed = try NumPyArray(encoded: array.encoded())
            #expect(parsed == array)
            #expect(try parsed.integers() == fitting)
            #expect(parsed.doubles() == fitting.map(Double.init))
        }
        let doubles = try NumPyArray(shape: [2, 1], doubles: [.pi, -0.0])
        #expect(try NumPyArray(encoded: doubles.encoded()).doubles() == [.pi, -0.0])
    }

    @Test("converts to and from Tensor, keeping the shape")
    func tensorConversion() throws {
        let tensor = Tensor(shape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
        let array = NumPyArray(tensor)
        #expect(array.dtype == .float32 && array.shape == [2, 1, 3])
        let back = Tensor(try NumPyArray(encoded: array.encoded()))
        #expect(back.shape == [2, 1, 3] && back.scalars == tensor.scalars)
        let fromInts = Tensor(try NumPyArray(shape: [3], integers: [1, -2, 3], dtype: .int32))
        #expect(fromInts.scalars == [1, -2, 3])
    }

    @Test("writes files atomically and reads them back")
    func fileRoundTrip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("a.npy")
        try NumPyArray(shape: [1], floats: [1]).write(to: url)
        let replacement = try NumPyArray(shape: [2, 2], doubles: [1, 2, 3, 4])
        try replacement.write(to: url)
        #expect(try NumPyArray(contentsOf: url) == replacement)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a.npy"])
        let missing = errorMessage { _ = try NumPyArray(contentsOf: directory.appendingPathComponent("none.npy")) }
        #expect(missing?.contains("none.npy: cannot read") == true)
    }

    @Test("rejects Fortran order and big-endian data with clear errors")
    func rejectsLayouts() {
        let fortran = errorMessage { _ = try NumPyArray(encoded: fixture("f4_fortran_2x2"), source: "f.npy") }
        #expect(fortran?.contains("f.npy: field 'fortran_order'") == true)
        let big = errorMessage { _ = try NumPyArray(encoded: fixture("f4_bigendian_2"), source: "b.npy") }
        #expect(big?.contains("b.npy: field 'descr': big-endian dtype '>f4'") == true)
    }

    @Test("rejects malformed headers, naming the field", arguments: [
        ("bad magic", Array("\u{93}NUMPX".utf8) + [1, 0, 0, 0], "bad magic"),
        ("short", [0x93, 0x4E], "too short"),
        ("version", handmade("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", version: 1).enumerated().map { $0.offset == 6 ? 4 : $0.element }, "field 'version'"),
        ("truncated header", Array(handmade("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }").prefix(40)), "field 'header': header declares"),
        ("huge header length", [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 2, 0, 0xFF, 0xFF, 0xFF, 0x7F], "field 'header length'"),
        ("missing key", handmade("{'descr': '<f4', 'shape': (1,), }"), "expected exactly 'descr'"),
        ("extra key", handmade("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': True, }"), "expected exactly"),
        ("duplicate key", handmade("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,), }"), "appears twice"),
        ("not a dict", handmade("['descr']"), "expected '{'"),
        ("negative dim", handmade("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"), "non-negative integer"),
        ("float dim", handmade("{'descr': '<f4', 'fortran_order': False, 'shape': (1.5,), }"), "expected ',' or ')'"),
        ("structured", handmade("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"), "field 'header'"),
        ("complex", handmade("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 8)), "field 'descr': dtype '<c8' is not supported"),
        ("unterminated", handmade("{'descr': '<f4, 'fortran_order': False, 'shape': (1,), }"), "field 'header'"),
        ("trailing text", handmade("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } x"), "after the dictionary"),
        ("non-ascii v1", handmade("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), '\u{e9}': 1}"), "not ASCII"),
        ("overflowing shape", handmade("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"), "too many elements"),
        ("huge integer", handmade("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }"), "too large"),
    ] as [(String, [UInt8], String)])
    func rejectsMalformedHeaders(name: String, bytes: [UInt8], expected: String) {
        let message = errorMessage { _ = try NumPyArray(encoded: bytes, source: "m.npy") }
        #expect(message?.hasPrefix("m.npy") == true, "\(name): \(message ?? "no error")")
        #expect(message?.contains(expected) == true, "\(name): \(message ?? "no error")")
    }

    @Test("rejects data shorter or longer than the shape declares, without allocating it")
    func rejectsLyingShapes() {
        let short = handmade("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", data: [0, 0, 0, 0])
        #expect(errorMessage { _ = try NumPyArray(encoded: short, source: "s.npy") }?.contains("needs 12 data bytes but only 4") == true)
        let long = handmade("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 8))
        #expect(errorMessage { _ = try NumPyArray(encoded: long, source: "l.npy") }?.contains("but 8 follow") == true)
        let absurd = handmade("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000, 1000), }")
        #expect(errorMessage { _ = try NumPyArray(encoded: absurd, source: "a.npy") }?.contains("truncated file or lying shape") == true)
    }

    @Test("rejects values that do not fit the requested dtype")
    func rejectsUnrepresentableValues() {
        #expect(errorMessage { _ = try NumPyArray(shape: [1], integers: [256], dtype: .uint8) }?.contains("does not fit") == true)
        #expect(errorMessage { _ = try NumPyArray(shape: [2], integers: [1], dtype: .int32) }?.contains("needs 8 bytes, got 4") == true)
        #expect(errorMessage { _ = try NumPyArray(encoded: fixture("f4_2x3_v1")).integers() }?.contains("floating-point") == true)
    }
}
