import ArgumentParser
import Disentangle

/// The `disentangle` command-line tool.
@main
struct DisentangleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disentangle",
        abstract: "Train variational autoencoders and measure disentanglement.",
        subcommands: [
            TrainCommand.self, EncodeCommand.self, DecodeCommand.self, ReportCommand.self, MetricsCommand.self, DatasetsCommand.self, Version.self,
        ]
    )
}
