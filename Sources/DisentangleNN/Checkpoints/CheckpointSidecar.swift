import DisentangleTensor

/// The JSON sidecar of a checkpoint (`checkpoint.json`): everything but the tensors.
///
/// ```json
/// {
///   "format" : "swift-disentangle-checkpoint",
///   "version" : 1,
///   "step" : 1000,
///   "configuration" : { ... },
///   "generators" : { "training" : { "state" : [ ... ] } },
///   "files" : { "model" : "model.safetensors", "optimizer" : "optimizer.safetensors" }
/// }
/// ```
struct CheckpointSidecar<Configuration: Codable & Sendable>: Codable, Sendable {
    /// The format marker, always ``CheckpointDirectory/formatName``.
    var format: String
    /// The format version, currently 1.
    var version: Int
    /// The training step the checkpoint was taken at.
    var step: Int
    /// The model and training configuration.
    var configuration: Configuration
    /// Random generator states by name, for bit-exact resumption.
    var generators: [String: RandomGenerator]
    /// The files holding the model parameters and (if saved) the optimiser state, relative to the sidecar.
    var files: Files

    /// The files of a checkpoint.
    struct Files: Codable, Sendable, Equatable {
        /// The model parameters' safetensors file.
        var model: String
        /// The optimiser state's safetensors file, if one was saved.
        var optimizer: String?
    }
}
