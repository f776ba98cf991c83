import ArgumentParser
import DisentangleModels

// The model's kinds parse from their raw values (`--model factor-vae`) and list them in `--help`. The library
// targets do not depend on ArgumentParser, so the conformances live here, beside the flags that use them.

extension VAESpecification.Objective: ExpressibleByArgument {}

extension VAESpecification.DecoderKind: ExpressibleByArgument {}

extension VAESpecification.EncoderKind: ExpressibleByArgument {}

extension BetaTCVAERegularizer.Estimator: ExpressibleByArgument {}
