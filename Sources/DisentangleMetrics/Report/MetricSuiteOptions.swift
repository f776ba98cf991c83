/// Options of every metric a ``MetricSuite`` runs, all defaulting to disentanglement_lib.
public struct MetricSuiteOptions: Sendable, Equatable, Codable {
    /// MIG options.
    public var mig: MIG.Options
    /// DCI options.
    public var dci: DCI.Options
    /// SAP options.
    public var sap: SAP.Options
    /// Modularity options.
    public var modularity: Modularity.Options
    /// Explicitness options.
    public var explicitness: Explicitness.Options
    /// IRS options.
    public var irs: IRS.Options
    /// Unsupervised-score options.
    public var unsupervised: UnsupervisedScores.Options
    /// Bootstrap options; `nil` computes no intervals.
    public var bootstrap: Bootstrap.Options?

    /// Creates options.
    public init(mig: MIG.Options = MIG.Options(), dci: DCI.Options = DCI.Options(), sap: SAP.Options = SAP.Options(),
                modularity: Modularity.Options = Modularity.Options(),
                explicitness: Explicitness.Options = Explicitness.Options(), irs: IRS.Options = IRS.Options(),
                unsupervised: UnsupervisedScores.Options = UnsupervisedScores.Options(), bootstrap: Bootstrap.Options? = nil) {
        self.mig = mig
        self.dci = dci
        self.sap = sap
        self.modularity = modularity
        self.explicitness = explicitness
        self.irs = irs
        self.unsupervised = unsupervised
        self.bootstrap = bootstrap
    }
}
