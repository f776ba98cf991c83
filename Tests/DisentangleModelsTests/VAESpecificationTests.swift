import DisentangleModels
import DisentangleTensor
import Testing

@Suite("VAE specification")
struct VAESpecificationTests {
    /// Valid and invalid specifications: `validate()` must throw exactly when `makeVAE` does.
    static let cases: [VAESpecification] = [
        VAESpecification(observationShape: [1, 16, 16], latentCount: 2, decoder: .deconv),
        VAESpecification(observationShape: [1, 12, 12], latentCount: 2),
        VAESpecification(observationShape: [1, 12, 12], latentCount: 2, encoder: .mlp, decoder: .deconv),
        VAESpecification(observationShape: [1, 12, 12], latentCount: 2, encoder: .mlp, decoder: .mlp),
        VAESpecification(observationShape: [3, 8, 8], latentCount: 2, encoder: .mlp, decoder: .spatialBroadcast),
        VAESpecification(observationShape: [1, 8, 4], latentCount: 2, encoder: .mlp, decoder: .mlp),
        VAESpecification(observationShape: [1, 8, 8], latentCount: 0, encoder: .mlp, decoder: .mlp),
        VAESpecification(observationShape: [1, 8, 8], latentCount: 2, encoder: .mlp, decoder: .mlp, objective: .factorVAE, gamma: -1),
        VAESpecification(observationShape: [1, 8, 8], latentCount: 2, encoder: .mlp, decoder: .mlp, objective: .annealedVAE, capacitySteps: 0),
        VAESpecification(observationShape: [1, 8, 8], latentCount: 2, encoder: .mlp, decoder: .mlp, objective: .betaVAE, beta: .nan),
        VAESpecification(observationShape: [1, 8, 8], latentCount: 2, encoder: .mlp, decoder: .mlp, objective: .dipVAEII, dipOffDiagonalWeight: -2),
        VAESpecification(observationShape: [1, 8, 8], latentCount: 2, encoder: .mlp, decoder: .mlp, gaussianVariance: 0),
        VAESpecification(observationShape: [1, 8, 8], latentCount: 2, encoder: .mlp, decoder: .spatialBroadcastPadded, objective: .betaTCVAE),
    ]

    @Test(arguments: cases)
    func validationAgreesWithBuilding(specification: VAESpecification) {
        var generator = RandomGenerator(seed: 0)
        let builds = (try? specification.makeVAE(using: &generator)) != nil
        let validates = (try? specification.validate()) != nil
        #expect(builds == validates, "\(specification): makeVAE \(builds ? "succeeds" : "throws"), validate \(validates ? "succeeds" : "throws")")
    }

    @Test func gammaDefaultsToTheObjectives() {
        #expect(VAESpecification(observationShape: [1, 8, 8], objective: .annealedVAE).gamma == 1000)
        #expect(VAESpecification(observationShape: [1, 8, 8], objective: .factorVAE).gamma == 10)
        #expect(VAESpecification(observationShape: [1, 8, 8], objective: .factorVAE, gamma: 3).gamma == 3)
    }
}
