import ArgumentParser
import DisentangleModels
import DisentangleRuns

// The library targets do not depend on ArgumentParser, so the conformances live here, beside the flags that use
// them.

/// Parses from its raw value (`--model factor-vae`) and lists the values in `--help`.
extension VAESpecification.Objective: ExpressibleByArgument {}

/// Parses from its raw value (`--decoder sbd`) and lists the values in `--help`.
extension VAESpecification.DecoderKind: ExpressibleByArgument {}

/// Parses from its raw value (`--encoder mlp`) and lists the values in `--help`.
extension VAESpecification.EncoderKind: ExpressibleByArgument {}

/// Parses from its raw value (`--tc-estimator mss`) and lists the values in `--help`.
extension BetaTCVAERegularizer.Estimator: ExpressibleByArgument {}

/// Parses from its raw value (`--traversal-mode offset`) and lists the values in `--help`.
extension TraversalSettings.Mode: ExpressibleByArgument {}
