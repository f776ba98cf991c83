import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// A checkpoint file truncated after it was opened: reading it throws an error naming the file, where the memory
/// mapping it used to be read through raised SIGBUS and ended the process.
@Suite("SafeTensors files truncated while read")
struct SafeTensorsTruncationTests {
    @Test func aFileTruncatedAfterOpeningThrowsNamingIt() throws {
        let directory = temporaryDirectory("truncated-safetensors")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        // 4 tensors of 64 KiB each, so that most of the data lies pages beyond a truncation near the start.
        var tensors: [String: Tensor] = [:]
        for index in 0..<4 {
            tensors["layer\(index).weight"] = Tensor(shape: [128, 128], scalars: (0..<(128 * 128)).map { Float($0 % 97 + index) })
        }
        try SafeTensors(tensors: tensors).write(to: url)
        let intact = try SafeTensors(contentsOf: url)
        #expect(intact["layer3.weight"]?.scalars == tensors["layer3.weight"]?.scalars)

        let file = try StoredFile(url, error: { SafeTensorsError(.io, file: nil, $0) })
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 4096)
        try handle.close()
        do {
            _ = try SafeTensors(reading: file)
            Issue.record("a truncated checkpoint was read")
        } catch let error as SafeTensorsError {
            #expect(error.kind == .io)
            #expect(error.description.hasPrefix("\(url.path): the file ends before byte "), "\(error)")
            #expect(error.description.contains("(it is 4096 bytes now, \(file.sizeAtOpen) when it was opened)"), "\(error)")
        }
        // Opened after the truncation, the file is refused by its sizes, as before.
        #expect(throws: SafeTensorsError.self) { try SafeTensors(contentsOf: url) }
    }
}
