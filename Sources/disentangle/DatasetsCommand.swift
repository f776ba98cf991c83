import ArgumentParser
import Disentangle
import Foundation

/// `disentangle datasets`: lists the procedural datasets and exports rendered samples.
struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the built-in datasets and export samples.",
        subcommands: [List.self, Preview.self]
    )

    /// `disentangle datasets list`: one line per dataset with its observation shape, grid size and factors.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the procedural datasets and their factors.")

        func run() throws {
            for name in DatasetCatalog.names {
                let dataset = try DatasetCatalog.dataset(named: name)
                let shape = dataset.observationShape.map(String.init).joined(separator: "x")
                let factors = dataset.factors.map { "\($0.name)(\($0.size))" }.joined(separator: " ")
                let nuisance = dataset.hasNuisanceVariation ? "  + random nuisance" : ""
                print("\(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(shape.padding(toLength: 8, withPad: " ", startingAt: 0)) "
                    + "\(String(dataset.gridCount).padding(toLength: 7, withPad: " ", startingAt: 0)) images  \(factors)\(nuisance)")
            }
        }
    }

    /// `disentangle datasets preview NAME --out file.npy|file.png`: renders uniformly sampled observations to a NumPy
    /// array or a PNG grid.
    struct Preview: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render sampled observations to a .npy file (count x channels x height x width, float32) or a PNG grid.")

        @Argument(help: "The dataset name (see `disentangle datasets list`).")
        var name: String

        @Option(help: "The file to write: .npy (the array) or .png (a grid of the images, 8 per row).")
        var out: String

        @Option(help: "Also write the factor classes (count x factors, int64) to this .npy file.")
        var factorsOut: String?

        @Option(help: "The number of observations.")
        var count = 16

        @Option(help: "The random seed.")
        var seed: UInt64 = 0

        func validate() throws {
            guard count > 0 else { throw ValidationError("--count must be positive") }
            _ = try OutputFile(out, option: "--out")
        }

        func run() throws {
            let dataset = try DatasetCatalog.dataset(named: name)
            var generator = RandomGenerator(seed: seed)
            let batch = try dataset.sample(count: count, using: &generator)
            try OutputFile(out, option: "--out").write(images: batch.observations)
            if let factorsOut {
                try NumPyArray(shape: [batch.count, batch.factors.factorCount], integers: batch.factors.classes)
                    .write(to: URL(fileURLWithPath: factorsOut))
            }
            let mean = batch.observations.withUnsafeScalars { $0.reduce(0, +) / Float($0.count) }
            print("wrote \(out): \(batch.observations.shape), mean pixel \(mean)")
            print("factors: \(dataset.factorNames.joined(separator: ", "))")
        }
    }
}
