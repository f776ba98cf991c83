import CHDF5
import DisentangleDatasets
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One dataset (array) of an HDF5 file, opened read-only through libhdf5, with its shape and element type.
///
/// Before libhdf5 opens the file, our own bounds-checked reader checks the superblock and the root group's
/// structures (object header, local heap, B-tree and symbol-table nodes, or link messages) that libhdf5 1.10 trusts
/// when it looks a name up, and which crashed it on damaged files (see `HDF5StructureCheck`).
///
/// Reads of the whole array or of a range of rows along the first axis (hyperslabs) convert to the requested
/// native type in libhdf5. Calls into libhdf5 are serialised by a lock. Every failure throws a `DatasetError` naming
/// the file and the dataset; libhdf5's own error printing is switched off.
///
/// libhdf5 reads the bytes of a contiguous dataset that lie past the end of a file truncated after it was opened as
/// zeros, without an error; so every read also compares the file's size (through a descriptor of its own, opened
/// with the file) with its size when it was opened, before and after reading, and throws if it shrank.
public final class HDF5Dataset: @unchecked Sendable {
    /// The element kinds this reader converts from.
    public enum ElementKind: Sendable, Equatable {
        /// Unsigned integers of the given byte size.
        case unsignedInteger(Int)
        /// Signed integers of the given byte size.
        case signedInteger(Int)
        /// IEEE floats of the given byte size.
        case float(Int)
    }

    /// The file, used in error messages.
    public let path: String
    /// The dataset's name in the file, e.g. `images`.
    public let name: String
    /// The size of each dimension.
    public let shape: [Int]
    /// The stored element kind.
    public let elementKind: ElementKind

    private let file: hid_t
    private let dataset: hid_t
    private let lock = NSLock()
    /// A descriptor of the file as opened, to watch its size.
    private let descriptor: Int32
    /// The file's size when it was opened.
    private let sizeAtOpen: Int

    /// Opens `name` in the HDF5 file at `url`.
    ///
    /// - Parameters:
    ///   - url: the file.
    ///   - name: the dataset's path in the file, e.g. `images`.
    ///   - chunkCacheBytes: the chunk cache of this dataset, so that reading one image of a chunked, compressed
    ///     dataset does not decompress its chunk again for the next image.
    /// - Throws: `DatasetError` if the file is not HDF5, is truncated, has damaged structures on the way to its root
    ///   group's links (checked by our own reader before libhdf5 sees the file: "corrupt HDF5 file: the root group's
    ///   local heap ..."), has no dataset `name` (naming the ones it has), or the dataset's element type is not an
    ///   integer of 1, 2, 4 or 8 bytes or a float of 2, 4 or 8 bytes.
    public init(fileAt url: URL, name: String, chunkCacheBytes: Int = 64 << 20) throws {
        chdf5_silence_errors()
        path = url.path
        self.name = name
        guard FileManager.default.isReadableFile(atPath: url.path) else { throw DatasetError("\(url.path): cannot read the file") }
        // The structures libhdf5 would trust on the way to `name` are checked first (it crashes on some damaged ones).
        let checkedNames = try HDF5StructureCheck.check(fileAt: url, dataset: name)
        guard H5Fis_hdf5(url.path) > 0 else { throw DatasetError("\(url.path): not an HDF5 file (bad signature or truncated)") }
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        var status = stat()
        guard descriptor >= 0, fstat(descriptor, &status) == 0 else {
            if descriptor >= 0 { close(descriptor) }
            throw DatasetError("\(url.path): cannot read the file")
        }
        let file = H5Fopen(url.path, chdf5_read_only(), chdf5_default())
        guard file >= 0 else {
            close(descriptor)
            throw DatasetError("\(url.path): libhdf5 cannot open the file (truncated or corrupt)")
        }
        guard H5Lexists(file, name, chdf5_default()) > 0 else {
            let names = checkedNames ?? HDF5Dataset.rootNames(file)
            H5Fclose(file)
            close(descriptor)
            throw DatasetError("\(url.path): no dataset '\(name)'; the file holds \(names.map { "'\($0)'" }.joined(separator: ", "))")
        }
        let access = H5Pcreate(chdf5_dataset_access())
        H5Pset_chunk_cache(access, 1_009, chunkCacheBytes, 1)
        let dataset = H5Dopen2(file, name, access)
        H5Pclose(access)
        guard dataset >= 0 else {
            H5Fclose(file)
            close(descriptor)
            throw DatasetError("\(url.path): '\(name)' is not a readable dataset")
        }
        func fail(_ message: String) -> DatasetError {
            H5Dclose(dataset)
            H5Fclose(file)
            close(descriptor)
            return DatasetError("\(url.path): dataset '\(name)': \(message)")
        }
        let space = H5Dget_space(dataset)
        let rank = Int(H5Sget_simple_extent_ndims(space))
        var dims = [hsize_t](repeating: 0, count: max(rank, 0))
        if rank > 0 { H5Sget_simple_extent_dims(space, &dims, nil) }
        H5Sclose(space)
        guard rank > 0 else { throw fail("has no dimensions (a scalar or a null dataspace)") }
        let type = H5Dget_type(dataset)
        let size = Int(H5Tget_size(type))
        let typeClass = H5Tget_class(type)
        let sign = H5Tget_sign(type)
        H5Tclose(type)
        // A damaged type can claim any size (a 3 kB file with 4 GB "floats" made libhdf5 allocate 4 GB to convert
        // them), so only the sizes of real integers and floats are read.
        switch typeClass {
        case H5T_INTEGER:
            guard [1, 2, 4, 8].contains(size) else { throw fail("elements are \(size)-byte integers; expected 1, 2, 4 or 8 bytes") }
            elementKind = sign == H5T_SGN_NONE ? .unsignedInteger(size) : .signedInteger(size)
        case H5T_FLOAT:
            guard [2, 4, 8].contains(size) else { throw fail("elements are \(size)-byte floats; expected 2, 4 or 8 bytes") }
            elementKind = .float(size)
        default: throw fail("elements are not integers or floats (HDF5 type class \(typeClass.rawValue))")
        }
        var count = 1
        for d in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(d))
            guard !overflow, d <= hsize_t(Int.max) else { throw fail("dimensions \(dims) are too large to address") }
            count = product
        }
        shape = dims.map { Int($0) }
        self.file = file
        self.dataset = dataset
        self.descriptor = descriptor
        sizeAtOpen = Int(status.st_size)
    }

    deinit {
        H5Dclose(dataset)
        H5Fclose(file)
        close(descriptor)
    }

    /// Throws if the file has shrunk since it was opened.
    private func checkSize(reading what: String) throws {
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : -1
        guard size >= sizeAtOpen else {
            throw DatasetError(
                "\(path): dataset '\(name)': cannot read \(what): the file is \(size) bytes now, \(sizeAtOpen) when it was "
                    + "opened (truncated after it was opened); open it again")
        }
    }

    /// The number of elements.
    public var elementCount: Int { shape.reduce(1, *) }

    /// The number of elements in one row (one index of the first axis).
    public var rowSize: Int { shape.dropFirst().reduce(1, *) }

    /// Every element, converted to `Double`.
    ///
    /// - Throws: `DatasetError` if libhdf5 cannot read the data (truncated or corrupt file) or the file has shrunk
    ///   since it was opened.
    public func doubles() throws -> [Double] {
        var values = [Double](repeating: 0, count: elementCount)
        try checkSize(reading: "the data")
        let status = lock.withLock {
            values.withUnsafeMutableBytes { H5Dread(dataset, chdf5_native_double(), chdf5_all(), chdf5_all(), chdf5_default(), $0.baseAddress) }
        }
        guard status >= 0 else { throw DatasetError("\(path): dataset '\(name)': libhdf5 cannot read the data (truncated or corrupt file)") }
        try checkSize(reading: "the data")
        return values
    }

    /// Reads `rows` (along the first axis) into `output` as `uint8` (`asBytes`) or `Float` elements.
    ///
    /// - Throws: `DatasetError` naming the file, the dataset and the rows if libhdf5 cannot read them or the file
    ///   has shrunk since it was opened (checked before and after reading).
    public func read(rows: Range<Int>, into output: UnsafeMutableRawPointer, asBytes: Bool) throws {
        try checkSize(reading: "rows \(rows)")
        let succeeded = lock.withLock {
            let space = H5Dget_space(dataset)
            defer { H5Sclose(space) }
            var start = [hsize_t](repeating: 0, count: shape.count)
            var count = shape.map { hsize_t($0) }
            start[0] = hsize_t(rows.lowerBound)
            count[0] = hsize_t(rows.count)
            guard H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nil, count, nil) >= 0 else { return false }
            let memory = H5Screate_simple(Int32(shape.count), count, nil)
            defer { H5Sclose(memory) }
            let type = asBytes ? chdf5_native_uint8() : chdf5_native_float()
            return H5Dread(dataset, type, memory, space, chdf5_default(), output) >= 0
        }
        guard succeeded else {
            throw DatasetError("\(path): dataset '\(name)': libhdf5 cannot read rows \(rows) (the file is corrupt or changed after it was opened)")
        }
        try checkSize(reading: "rows \(rows)")
    }

    /// The names of the objects at the root of a file.
    private static func rootNames(_ file: hid_t) -> [String] {
        final class Names { var list: [String] = [] }
        let names = Names()
        var index: hsize_t = 0
        _ = H5Literate(file, H5_INDEX_NAME, H5_ITER_NATIVE, &index, { _, name, _, context in
            Unmanaged<Names>.fromOpaque(context!).takeUnretainedValue().list.append(String(cString: name!))
            return 0
        }, Unmanaged.passUnretained(names).toOpaque())
        return names.list
    }
}
