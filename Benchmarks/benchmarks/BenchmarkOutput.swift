import Disentangle
import Foundation

/// Prints one benchmark result as a JSON object on its own line: `{"name", "value", "unit", "blas", "simd",
/// ...extra}`, where `blas` is OpenBLAS's kernel set and `simd` the level of the library's own kernels.
func printBenchmark(name: String, value: Double, unit: String, extra: [String: Double] = [:]) {
    var object: [String: Any] = [
        "name": name, "value": value, "unit": unit, "blas": CPUKernels.blas, "simd": CPUKernels.simdLevel.name,
    ]
    for (key, v) in extra { object[key] = v }
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    print(String(decoding: data, as: UTF8.self))
}
