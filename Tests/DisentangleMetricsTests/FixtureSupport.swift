import DisentangleMetrics
import Foundation

/// One reference case written by Scripts/metrics/make_metric_fixtures.py from disentanglement_lib 1.5.
struct ReferenceCase: Decodable {
    struct Expected: Decodable {
        struct Score: Decodable { let score: Double }
        struct MIGValues: Decodable {
            let score: Double
            let per_factor: [Double]
        }
        struct DCIValues: Decodable {
            let disentanglement: Double
            let completeness: Double
            let informativeness_train: Double
            let informativeness_test: Double
        }
        struct ExplicitnessValues: Decodable {
            let train: Double
            let test: Double
        }
        struct UnsupervisedValues: Decodable {
            let gaussian_total_correlation: Double?
            let gaussian_wasserstein_correlation: Double
            let gaussian_wasserstein_correlation_norm: Double
            let mutual_info_score: Double
        }
        let mig: MIGValues
        let dci_seed_mean: DCIValues
        let sap: Score
        let modularity: Score
        let explicitness: ExplicitnessValues?
        let irs: Score
        let unsupervised: UnsupervisedValues
    }

    let name: String
    let train_fraction: Double
    let codes: [[Double]]
    let factors: [[Int]]
    let expected: Expected

    static let names = ["noisy_aligned", "mixed", "grid_edges"]

    static func load(_ name: String) throws -> ReferenceCase {
        try JSONDecoder().decode(ReferenceCase.self, from: Data(contentsOf: fixtureURL("case_\(name).json")))
    }

    func codeMatrix() throws -> CodeMatrix { try CodeMatrix(codes) }
    func factorMatrix() throws -> FactorMatrix { try FactorMatrix(factors) }
}

/// scikit-learn solutions of the estimators on one fixture's z-scored codes.
struct EstimatorFixture: Decodable {
    struct Linear: Decodable {
        let coef: [[Double]]
        let intercept: [Double]
        let n_iter: Int?
    }
    struct LassoSolution: Decodable {
        let coef: [Double]
        let intercept: Double
    }
    let x: [[Double]]
    let y_binary: [Int]
    let y_multi: [Int]
    let logistic_binary: Linear
    let logistic_multi: Linear
    let linear_svc_feature0_multi: [String: Linear]
    let linear_svc_feature0_binary: Linear
    let lasso: LassoSolution

    enum CodingKeys: String, CodingKey {
        case x, y_binary, y_multi, logistic_binary, logistic_multi, linear_svc_feature0_multi, linear_svc_feature0_binary
        case lasso = "lasso_alpha_0.02"
    }

    static func load() throws -> EstimatorFixture {
        try JSONDecoder().decode(EstimatorFixture.self, from: Data(contentsOf: fixtureURL("estimators.json")))
    }
}

func fixtureURL(_ file: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(file)
}

/// |a - b| / max(|b|, 1e-12).
func relativeDifference(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(b), 1e-12)
}
