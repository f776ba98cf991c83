import DisentangleStudies
import Foundation
import Testing

/// Study files that ask for more runs than any machine trains used to exhaust memory while the runs were expanded
/// (found while writing the study-file fuzz harness: `seeds: 100000000000` and seven axes of ten values each
/// aborted `disentangle study plan`); they are rejected with an error first.
@Suite("Study size")
struct StudySizeTests {
    @Test(arguments: [
        ("base: {steps: 5}\naxes:\n  seeds: 100000000000\n", "study:3: axes.seeds: 100000000000 is more than a study's 100000 runs"),
        ("axes:\n  beta: {linspace: [1, 2, 9999999999]}\n", "study:2: axes.beta.linspace count: 9999999999 is more than"),
        ("axes:\n  beta: {logspace: [1, 2, 100001]}\n", "axes.beta.logspace count: 100001 is more than a study's 100000 runs"),
        ("""
        base: {steps: 5}
        axes:
          beta: [1,2,3,4,5,6,7,8,9,10]
          gamma: [1,2,3,4,5,6,7,8,9,10]
          latents: [1,2,3,4,5,6,7,8,9,10]
          seeds: 10
          learning-rate: [1,2,3,4,5,6,7,8,9,10]
          batch-size: [1,2,3,4,5,6,7,8,9,10]
          capacity: [1,2,3,4,5,6,7,8,9,10]
        """, "study: the axes make 10 x 10 x 10 x 10 x 10 x 10 x 10 runs, more than a study's 100000"),
    ])
    func studiesTooLargeToExpandAreRejected(text: String, message: String) throws {
        do {
            let study = try Study(yaml: text)
            #expect(study.runCount == nil)
            _ = try study.runs()
            Issue.record("expected an error containing \(message)")
        } catch let error as StudyError {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func theLimitItselfIsAllowed() throws {
        let study = try Study(yaml: "axes:\n  seeds: 100\n  beta: {linspace: [1, 2, 1000]}\n")
        #expect(study.runCount == 100_000)
        #expect(try Study(yaml: "axes:\n  seeds: 100\n  beta: {linspace: [1, 2, 1001]}\n").runCount == nil)
    }
}
