import DisentangleTensor
import Foundation

/// Bytes from a hex string.
func bytes(hex: String) -> [UInt8] {
    let utf8 = Array(hex.utf8)
    return stride(from: 0, to: utf8.count, by: 2).map { UInt8(String(decoding: utf8[$0..<($0 + 2)], as: UTF8.self), radix: 16)! }
}

/// The bytes of a fixture from `LoaderFixtures.swift`.
func fixture(_ name: String) -> Data {
    Data(bytes(hex: loaderFixtures[name]!))
}

/// A member of a zip archive built by ``makeZip(_:)``.
struct TestZipMember {
    var name: String
    var data: [UInt8]
    /// 0 stores the data; 8 deflates it, using deflate's uncompressed ("stored") blocks.
    var method: UInt16 = 0
}

/// The CRC-32 used by zip (reflected polynomial 0xEDB88320).
func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

/// A minimal, valid single-disk zip archive (no zip64), members in order.
func makeZip(_ members: [TestZipMember]) -> [UInt8] {
    func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }
    var file: [UInt8] = []
    var directory: [UInt8] = []
    for member in members {
        var payload = member.data
        if member.method == 8 {
            payload = []
            var offset = 0
            repeat {
                let take = min(65_535, member.data.count - offset)
                let final = offset + take == member.data.count
                payload += [final ? 1 : 0] + le16(take) + le16(~take & 0xFFFF) + member.data[offset..<(offset + take)]
                offset += take
            } while offset < member.data.count
        }
        let name = Array(member.name.utf8)
        let crc = crc32(member.data)
        let common = le16(20) + le16(0) + le16(Int(member.method)) + le16(0) + le16(0) + le32(crc)
            + le32(UInt32(payload.count)) + le32(UInt32(member.data.count)) + le16(name.count) + le16(0)
        let offset = UInt32(file.count)
        file += le32(0x0403_4B50) + common + name + payload
        directory += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
    }
    let directoryOffset = UInt32(file.count)
    return file + directory + le32(0x0605_4B50) + le16(0) + le16(0) + le16(members.count) + le16(members.count)
        + le32(UInt32(directory.count)) + le32(directoryOffset) + le16(0)
}

/// The offset of the first central directory entry of a zip built by ``makeZip(_:)``.
func centralDirectoryOffset(_ zip: [UInt8]) -> Int {
    let end = zip.count - 22
    return Int(zip[end + 16]) | Int(zip[end + 17]) << 8 | Int(zip[end + 18]) << 16 | Int(zip[end + 19]) << 24
}

/// `bytes` with the little-endian `UInt32` at `offset` replaced.
func patched(_ bytes: [UInt8], at offset: Int, _ value: UInt32) -> [UInt8] {
    var result = bytes
    for i in 0..<4 { result[offset + i] = UInt8((value >> (8 * UInt32(i))) & 0xFF) }
    return result
}

/// The `.npy` encoding of an array given by shape, dtype and integers or floats.
func npy(_ shape: [Int], floats: [Float]) -> [UInt8] {
    try! NumPyArray(shape: shape, floats: floats).encoded()
}

/// The `.npy` encoding of an integer array.
func npy(_ shape: [Int], integers: [Int], dtype: NumPyArrayDType = .int64) -> [UInt8] {
    try! NumPyArray(shape: shape, integers: integers, dtype: dtype).encoded()
}

/// An IDX file of unsigned bytes.
func idx(_ dims: [Int], _ payload: [UInt8], type: UInt8 = 0x08) -> [UInt8] {
    [0, 0, type, UInt8(dims.count)] + dims.flatMap { d in [24, 16, 8, 0].map { UInt8((d >> $0) & 0xFF) } } + payload
}
