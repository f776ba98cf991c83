import DisentangleTensor
import Foundation

/// The fixtures several test targets read (the PyTorch parity fixtures of `Scripts/nn/make_parity_fixtures.py`),
/// shipped as this target's resources.
public enum TestFixtures {
    /// The safetensors fixture `name`, for example `parity_io.safetensors`.
    public static func safeTensors(_ name: String) throws -> SafeTensors {
        try SafeTensors(contentsOf: url(name))
    }

    /// The location of the fixture `name`.
    public static func url(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }
}
