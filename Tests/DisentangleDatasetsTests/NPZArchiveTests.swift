import DisentangleDatasets
import DisentangleTensor
import Foundation
import Testing

@Suite("NPZ archives")
struct NPZArchiveTests {
    @Test("reads archives written by np.savez and np.savez_compressed (zip64 local headers)", arguments: ["npz_plain", "npz_compressed"])
    func readsNumPyArchives(name: String) throws {
        let archive = try NPZArchive(data: fixture(name), source: "\(name).npz")
        #expect(archive.names == ["a", "b"])
        let a = try archive.array(named: "a")
        #expect(a.shape == [2, 3] && a.floats() == [0, 1, 2, 3, 4, 5])
        #expect(try archive.array(named: "b.npy").integers() == [7, -8])
        #expect(try archive.header(of: "a").dtype == .float32)
    }

    @Test("reads stored and deflated members of archives built here")
    func readsBuiltArchives() throws {
        let big = (0..<70_000).map { Float($0 % 97) }
        let zip = makeZip([
            TestZipMember(name: "x.npy", data: npy([70_000], floats: big), method: 8),
            TestZipMember(name: "y.npy", data: npy([2, 2], integers: [1, 2, 3, 4], dtype: .int32)),
        ])
        let archive = try NPZArchive(data: Data(zip))
        #expect(try archive.array(named: "x").floats() == big)
        #expect(try archive.array(named: "y").integers() == [1, 2, 3, 4])
    }

    private func message(_ zip: [UInt8], member: String = "x", limit: Int = NPZArchive.defaultMaximumMemberSize) -> String? {
        datasetError { _ = try NPZArchive(data: Data(zip), source: "t.npz", maximumMemberSize: limit).array(named: member) }
    }

    @Test("rejects malformed archives with errors naming the archive and member")
    func rejectsMalformedArchives() throws {
        let member = npy([4], floats: [1, 2, 3, 4])
        let good = makeZip([TestZipMember(name: "x.npy", data: member)])
        let deflated = makeZip([TestZipMember(name: "x.npy", data: member, method: 8)])
        let cd = centralDirectoryOffset(good)
        #expect(message(Array(repeating: 7, count: 100))?.contains("t.npz: not a zip archive") == true)
        #expect(message([1, 2])?.contains("too short for a zip archive") == true)
        #expect(message(Array(good.dropLast(30)))?.contains("no end-of-central-directory") == true)
        // Truncation inside the data with an intact directory: move the directory's claims past the end.
        #expect(message(patched(good, at: cd + 20, 1_000_000))?.contains("run past the end") == true)
        #expect(message(patched(good, at: cd + 16, 0xDEAD_BEEF))?.contains("member 'x.npy': CRC-32") == true)
        #expect(message(patched(good, at: cd + 24, 50))?.contains("stored member declares") == true)
        #expect(message(patched(deflated, at: centralDirectoryOffset(deflated) + 24, 500))?.contains("(lying header)") == true)
        // A deflate stream that ends early although the header and the directory agree on the size.
        let short = makeZip([TestZipMember(name: "x.npy", data: Array(member.prefix(130)), method: 8)])
        #expect(message(patched(short, at: centralDirectoryOffset(short) + 24, 144))?.contains("decompresses to 130 bytes but declares 144") == true)
        #expect(message(patched(good, at: cd + 42, 5))?.contains("no local file header") == true)
        #expect(message(patched(good, at: good.count - 22 + 8, 0x03E8_03E8))?.contains("cannot fit") == true)
        #expect(message(patched(good, at: good.count - 22 + 16, 1_000_000))?.contains("lies outside") == true)
        var method = good
        method[cd + 10] = 12
        #expect(message(method)?.contains("compression method 12 is not supported") == true)
        var encrypted = good
        encrypted[cd + 8] = 1
        #expect(message(encrypted)?.contains("encrypted") == true)
        #expect(message(good, member: "imgs")?.contains("no member 'imgs'; the archive holds 'x'") == true)
        #expect(message(good, limit: 100)?.contains("declares 144 bytes, more than the limit of 100") == true)
    }

    @Test("stops a zip bomb at its declared size")
    func rejectsZipBomb() {
        let error = datasetError { _ = try NPZArchive(data: fixture("zip_bomb"), source: "bomb.npz").array(named: "a") }
        #expect(error?.contains("bomb.npz: member 'a.npy': decompresses to more than 1000 bytes") == true)
    }

    @Test("rejects corrupt deflate data and members whose .npy header lies about their size")
    func rejectsBadMembers() {
        var corrupt = makeZip([TestZipMember(name: "x.npy", data: npy([4], floats: [1, 2, 3, 4]), method: 8)])
        corrupt[30 + 5] = 0x07  // the first deflate block header becomes an invalid block type
        #expect(message(corrupt)?.contains("corrupt compressed data") == true)
        var lying = npy([4], floats: [1, 2, 3, 4])
        let shapeText = Array("(4,)".utf8)
        let at = lying.firstRange(of: shapeText)!.lowerBound
        lying[at + 1] = UInt8(ascii: "9")
        #expect(message(makeZip([TestZipMember(name: "x.npy", data: lying)]))?.contains("(36 data bytes) but the member holds 16 (lying header)") == true)
        let notNumPy = makeZip([TestZipMember(name: "x.npy", data: Array("hello, not an array".utf8))])
        #expect(message(notNumPy)?.contains("member 'x.npy': bad magic") == true)
        let tiny = makeZip([TestZipMember(name: "x.npy", data: [0x93, 0x4E])])
        #expect(message(tiny)?.contains("too short for a .npy header") == true)
    }
}
