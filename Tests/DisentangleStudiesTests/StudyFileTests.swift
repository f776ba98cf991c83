import DisentangleRuns
import Foundation
import Testing

@testable import DisentangleStudies

/// Study files: parsing, expansion order, generated axes, zips, stable run ids and errors that name key and line.
@Suite("Study files")
struct StudyFileTests {
    static let sweep = """
        name: sweep
        base:
          dataset: circles-32
          steps: 20
        axes:
          decoder: [sbd, deconv]
          beta: [1, 4]
          seeds: 2
        evaluation:
          metrics: [mig]
          samples: 64
        """

    @Test func productExpandsWithTheFirstAxisSlowest() throws {
        let study = try Study(yaml: Self.sweep)
        let runs = try study.runs()
        #expect(runs.count == 8)
        #expect(study.name == "sweep")
        #expect(study.axisKeys == ["decoder", "beta", "seed"])
        let labels = runs.map { $0.label(keys: study.axisKeys) }
        #expect(labels[0] == "decoder=sbd beta=1 seed=0")
        #expect(labels[1] == "decoder=sbd beta=1 seed=1")
        #expect(labels[2] == "decoder=sbd beta=4 seed=0")
        #expect(labels[7] == "decoder=deconv beta=4 seed=1")
        #expect(runs.map(\.index) == Array(0..<8))
        #expect(runs[5].resolved.decoder == .deconv)
        #expect(runs[5].resolved.beta == 1)
        #expect(runs[5].resolved.seed == 1)
        #expect(runs[5].resolved.steps == 20)
        #expect(study.evaluation == StudyEvaluation(metrics: ["mig"], samples: 64, seed: 0))
        #expect(Set(runs.map(\.id)).count == 8)
        // Expanding again gives the same runs.
        #expect(try study.runs() == runs)
    }

    @Test func addingAValueKeepsTheOtherRunsIds() throws {
        let before = try Study(yaml: Self.sweep).runs()
        let after = try Study(yaml: Self.sweep.replacingOccurrences(of: "beta: [1, 4]", with: "beta: [1, 2, 4]")).runs()
        #expect(after.count == 12)
        let afterIDs = Set(after.map(\.id))
        #expect(before.allSatisfy { afterIDs.contains($0.id) })
        // Spelling a default out, or an integer as a float, resolves to the same runs.
        let spelled = try Study(yaml: Self.sweep.replacingOccurrences(of: "  steps: 20", with: "  steps: 20\n  latents: 10\n  beta: 4.0"))
            .runs()
        #expect(spelled.map(\.id) == before.map(\.id))
    }

    @Test func identifierHashesTheSettingsThatDifferFromTheDefaults() throws {
        var settings = RunSettings()
        settings.beta = 2
        settings.seed = 3
        #expect(try StudyRun.canonicalSettings(settings) == #"{"beta":2,"seed":3}"#)
        // FNV-1a 64 of that text, computed independently with Python:
        // h=0xcbf29ce484222325; [h:=((h^b)*0x100000001b3)%2**64 for b in b'{"beta":2,"seed":3}']; print('%016x'%h)
        #expect(try StudyRun.identifier(of: settings) == "fd20d651f270bdc3")
        #expect(try StudyRun.identifier(of: RunSettings()) == "08f44b07b5901a25")  // of "{}"
    }

    @Test func logspaceAndLinspaceIncludeBothEnds() throws {
        let study = try Study(yaml: """
            axes:
              beta: {logspace: [0.4, 5.4, 6]}
              learning-rate: {linspace: [0.001, 0.002, 3]}
            """)
        #expect(study.axes[0].points.count == 6)
        let betas = study.axes[0].points.map { $0[0].doubleValue! }
        for (i, beta) in betas.enumerated() {
            let expected = 0.4 * pow(5.4 / 0.4, Double(i) / 5)
            #expect(abs(beta - expected) <= 1e-12 * expected)
        }
        #expect(betas.first == 0.4)
        #expect(betas.last == 5.4)
        #expect(study.axes[1].points.map { $0[0].doubleValue! } == [0.001, 0.0015, 0.002])
        #expect(try study.runs().count == 18)
    }

    @Test func zippedSettingsVaryTogether() throws {
        let study = try Study(yaml: """
            axes:
              zip:
                model: [beta-vae, factor-vae]
                gamma: [null, 20]
              seeds: 2
            """)
        let runs = try study.runs()
        #expect(runs.count == 4)
        #expect(runs.map(\.resolved.model) == [.betaVAE, .betaVAE, .factorVAE, .factorVAE])
        #expect(runs.map(\.resolved.gamma) == [nil, nil, 20, 20])
    }

    @Test func jsonIsAcceptedToo() throws {
        let study = try Study(yaml: #"{"base": {"steps": 5}, "axes": {"decoder": ["sbd", "deconv"]}}"#)
        #expect(try study.runs().map(\.resolved.steps) == [5, 5])
    }

    @Test(arguments: [
        ("base:\n  steps: 5\n  batchsize: 3\n", "study:3: base.batchsize: unknown setting \"batchsize\""),
        ("base:\n  steps: many\n", "study:2: base.steps: expected a value of type Int"),
        ("axes:\n  decoder: [sbd, deconv]\n  beta: [1, two]\n", "study:3: axes.beta: expected a value of type Float"),
        ("axes:\n  zip:\n    model: [beta-vae, factor-vae]\n    gamma: [1]\n", "study:4: axes.zip.gamma has 1 values but axes.zip.model has 2"),
        ("axes:\n  beta: {logspace: [0, 1, 3]}\n", "study:2: axes.beta.logspace: both ends must be positive"),
        ("axes:\n  beta: {geomspace: [1, 2, 3]}\n", "study:2: axes.beta: unknown generator 'geomspace'"),
        ("axes:\n  beta: 4\n", "study:2: axes.beta: expected a list of values"),
        ("axes:\n  seeds: 0\n", "study:2: axes.seeds: expected an integer of at least 1"),
        ("axes:\n  seed: [1, 2]\n  seeds: 2\n", "axes.seed is already varied by the axis on line 2"),
        ("axes:\n  beta: [1, 1]\n", "runs 0 and 1 resolve to the same settings (beta=1)"),
        ("sweep: 3\n", "study:1: unknown key 'sweep'"),
        ("evaluation:\n  samples: 1\n", "study:2: evaluation.samples: expected an integer of at least 2"),
        ("evaluation:\n  metrics: [mig, jemig]\n", "study:2: evaluation.metrics: unknown metric 'jemig'"),
        ("base: [1, 2\n", "study: not valid YAML"),
    ])
    func badFilesNameTheKeyAndLine(text: String, message: String) throws {
        do {
            _ = try Study(yaml: text).runs()
            Issue.record("expected an error containing \(message)")
        } catch let error as StudyError {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func loadNamesTheFileAndDefaultsTheName() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-\(UUID().uuidString).yaml")
        try "base:\n  stepz: 3\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: StudyError.self) { try Study.load(from: url).runs() }
        do { _ = try Study.load(from: url).runs() } catch { #expect("\(error)".hasPrefix("\(url.path):2: base.stepz")) }
        #expect(try Study.load(from: url).name == url.deletingPathExtension().lastPathComponent)
    }
}
