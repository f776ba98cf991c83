import ArgumentParser
import Disentangle

/// The `disentangle` command-line tool.
@main
struct DisentangleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disentangle",
        abstract: "Train variational autoencoders and measure disentanglement.",
        subcommands: [
            TrainCommand.self, EvaluateCommand.self, ReportCommand.self, EncodeCommand.self, DecodeCommand.self,
            MetricsCommand.self, UDRCommand.self, DatasetsCommand.self, StudyCommand.self, Version.self,
        ]
    )
}
