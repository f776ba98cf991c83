import DisentangleDatasets
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// An `.npz` archive truncated while one of its deflated members is being decompressed: the read throws an error
/// naming the archive, where the memory mapping the members were read through raised SIGBUS.
@Suite("Deflated npz members truncated while read")
struct DeflatedMemberTruncationTests {
    /// The CRC-32 of zip archives (reflected polynomial 0xEDB88320).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// `bytes` as a deflate stream of stored blocks (at most 65,535 bytes each): valid deflate data that zlib
    /// decompresses, written without a compressor.
    static func storedDeflate(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var offset = 0
        repeat {
            let length = min(65_535, bytes.count - offset)
            let final: UInt8 = offset + length == bytes.count ? 1 : 0
            out += [final, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += bytes[offset..<(offset + length)]
            offset += length
        } while offset < bytes.count
        return out
    }

    /// A zip archive holding one member `name`, deflated (method 8).
    static func zip(member name: String, contents: [UInt8]) -> [UInt8] {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        let data = storedDeflate(contents)
        let crc = Int(crc32(contents))
        let nameBytes = Array(name.utf8)
        let common = le16(20) + le16(0) + le16(8) + le16(0) + le16(0) + le32(crc) + le32(data.count) + le32(contents.count)
            + le16(nameBytes.count) + le16(0)
        let local = le32(0x0403_4B50) + common + nameBytes
        let central = le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + nameBytes
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(1) + le16(1) + le32(central.count)
            + le32(local.count + data.count) + le16(0)
        return local + data + central + end
    }

    @Test func aTruncationDuringDecompressionThrowsNamingTheArchive() throws {
        let directory = temporaryDirectory("truncated-deflated")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("codes.npz")
        // 3 MiB of float32 codes: more than one 1 MiB piece of compressed input.
        let values = (0..<(768 * 1024)).map { Float($0 % 1000) }
        let npy = try NumPyArray(shape: [768, 1024], floats: values).encoded()
        try Data(Self.zip(member: "codes.npy", contents: npy)).write(to: url)

        let archive = try NPZArchive(contentsOf: url)
        #expect(try archive.array(named: "codes").floats() == values)

        var truncated = false
        do {
            try archive.stream("codes", header: { _ in true }, data: { _ in
                guard !truncated else { return }
                // The first output chunk came from the first piece of input; the rest is still to be read.
                let handle = try FileHandle(forWritingTo: url)
                try handle.truncate(atOffset: 4096)
                try handle.close()
                truncated = true
            })
            Issue.record("a truncated member was read to its end")
        } catch let error as DatasetError {
            #expect(truncated)
            #expect(error.description.contains("\(url.path): the file ends before byte "), "\(error)")
            #expect(error.description.contains("it is 4096 bytes now"), "\(error)")
        }
        // The archive refuses further reads.
        let again = datasetError { _ = try archive.array(named: "codes") }
        #expect(again?.contains("\(url.path): the file is 4096 bytes now") == true, "\(again ?? "no error")")
    }
}

/// A SmallNORB matrix truncated after it was opened: reading its elements throws naming the file (it was mapped,
/// and a read past the new end raised SIGBUS).
@Suite("SmallNORB matrices truncated after opening")
struct SmallNORBTruncationTests {
    @Test func readingATruncatedMatrixThrowsNamingIt() throws {
        let directory = temporaryDirectory("truncated-norb")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("smallnorb-training-info.mat")
        // int32 4096 x 4: magic, ndim 2, three sizes (the third is padding), 64 KiB of elements.
        func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        let elements = (0..<(4096 * 4)).flatMap { le32($0 % 18) }
        try Data(le32(0x1E3D_4C54) + le32(2) + le32(4096) + le32(4) + le32(1) + elements).write(to: url)
        let matrix = try SmallNORBMatrix(contentsOf: url)
        #expect(matrix.shape == [4096, 4] && matrix.elementType == .int32)
        #expect(try matrix.integers()[17] == 17)

        try TruncatedFileTests.truncate(url, to: 100)
        let error = datasetError { _ = try matrix.integers() }
        #expect(error?.hasPrefix("\(url.path): the file ends before byte ") == true, "\(error ?? "no error")")
        #expect(error?.contains("it is 100 bytes now") == true, "\(error ?? "no error")")
    }
}
