/// What the mutual information `I(z_j; v_k)` between code j and factor k is divided by before gaps are taken.
///
/// disentanglement_lib's MIG divides by the factor's entropy; the metric library of Carbonneau et al. ("Measuring
/// disentanglement: a review of metrics", ubisoft-laforge-disentanglement-metrics) divides by the code's entropy
/// (pyitlib's `information_mutual_normalised(v, z, norm_factor="Y")`) in its MIG and MIG-sup.
public enum MutualInformationNormalization: String, Sendable, Equatable, Codable, CaseIterable {
    /// `I(z_j; v_k) / H(v_k)`: disentanglement_lib's MIG, the default everywhere.
    case factorEntropy = "factor_entropy"
    /// `I(z_j; v_k) / H(z_j)` with the entropy of the code's bins; 0 for a code in a single bin. Carbonneau et al.'s.
    case codeEntropy = "code_entropy"
    /// `I(z_j; v_k)` in nats.
    case none
}
