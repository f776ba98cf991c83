import DisentangleNN

/// What a run's checkpoints record of its configuration: nothing, because the run directory's `config.json` holds
/// it (and the seed inside it) exactly once.
///
/// A checkpoint sidecar of a run carries `"configuration" : {}`. Sidecars written before this type existed carry
/// a copy of the whole ``RunConfiguration`` there; they decode as well (the copy is ignored).
public struct RunCheckpointConfiguration: Codable, Sendable, Equatable {
    /// The empty record.
    public init() {}
}

/// A checkpoint of a run (see ``RunCheckpointConfiguration``).
public typealias RunCheckpoint = Checkpoint<RunCheckpointConfiguration>
