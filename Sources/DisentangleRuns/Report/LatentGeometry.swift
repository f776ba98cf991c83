import DisentangleDatasets
import DisentangleModels
import DisentangleTensor

/// Seed 000's latent-geometry figure for any two factors of a ground-truth dataset: the grid of the two factors'
/// classes (the others held at their middle class) is encoded, and the posterior means on two latents are plotted
/// next to the grid itself, each point coloured by its ring (concentric squares around the grid's centre). A code
/// that captures the two factors reproduces the grid up to rotation, reflection and scaling; an entangled one folds
/// and distorts it.
public struct LatentGeometry: Sendable {
    /// The two factors' indices in the dataset.
    public let factors: (Int, Int)
    /// The two factors' names.
    public let factorNames: (String, String)
    /// The class of each grid point on the two factors.
    public let classes: (x: [Int], y: [Int])
    /// The latents plotted: given, or for each factor the latent whose posterior mean correlates most (in absolute
    /// value) with it over the grid, the second factor taking the best latent other than the first's.
    public let latents: (Int, Int)
    /// The posterior means on ``latents`` at each grid point.
    public let codes: (x: [Double], y: [Double])
    /// The ring of each grid point, 0 at the centre, up to ``ringCount`` − 1 at the edge.
    public let rings: [Int]
    /// The number of rings.
    public static let ringCount = 5
    /// The most classes used per factor; larger factors are sampled evenly.
    public static let maximumClassesPerFactor = 48

    /// Encodes the grid of factors `first` and `second` (names or indices of `dataset`'s factors) with `vae` and
    /// plots it on `latents` (seed 000 takes the two lowest-variance latents), or by default on the latents most
    /// correlated with each factor. Throws ``RunError`` naming the known factors if either is unknown, the two are
    /// equal, either has a single class, or a latent is out of range; errors of the dataset or the model pass through.
    public init(
        vae: VAE, dataset: any GroundTruthDataset, factors first: String, _ second: String, latents chosen: (Int, Int)? = nil
    ) throws {
        let names = dataset.factorNames
        func index(_ name: String) throws -> Int {
            if let index = names.firstIndex(of: name) { return index }
            if let index = Int(name), names.indices.contains(index) { return index }
            throw RunError("the dataset \(dataset.name) has no factor '\(name)'; its factors are \(names.joined(separator: ", "))")
        }
        let (a, b) = (try index(first), try index(second))
        guard a != b else { throw RunError("the latent-geometry plot needs two different factors, got \(names[a]) twice") }
        for f in [a, b] where dataset.factors[f].size < 2 {
            throw RunError("factor \(names[f]) of \(dataset.name) has a single class; the geometry plot needs at least 2")
        }
        func sampled(_ size: Int) -> [Int] {
            let count = min(size, Self.maximumClassesPerFactor)
            return (0..<count).map { count == 1 ? 0 : $0 * (size - 1) / (count - 1) }
        }
        let (xs, ys) = (sampled(dataset.factors[a].size), sampled(dataset.factors[b].size))
        let middle = dataset.factors.map { $0.size / 2 }
        var rows: [[Int]] = []
        for x in xs {
            for y in ys {
                var row = middle
                row[a] = x
                row[b] = y
                rows.append(row)
            }
        }
        let observations = try dataset.observations(for: FactorClasses(rows: rows))
        let means = try vae.posteriorParameters(of: observations).mean
        let latentColumns = (0..<vae.latentCount).map { d in (0..<rows.count).map { Double(means[$0, d]) } }
        let classX = rows.map { $0[a] }, classY = rows.map { $0[b] }
        func best(_ target: [Int], excluding: Int?) -> Int {
            let t = target.map(Double.init)
            let scores = latentColumns.map { abs(Self.correlation($0, t)) }
            return scores.indices.filter { $0 != excluding }.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) } ?? 0
        }
        if let chosen, !(0..<vae.latentCount).contains(chosen.0) || !(0..<vae.latentCount).contains(chosen.1) {
            throw RunError("latents z\(chosen.0) and z\(chosen.1) must lie in 0..<\(vae.latentCount)")
        }
        let u = chosen?.0 ?? best(classX, excluding: nil)
        let v = chosen?.1 ?? (vae.latentCount > 1 ? best(classY, excluding: u) : u)
        self.factors = (a, b)
        factorNames = (names[a], names[b])
        classes = (classX, classY)
        latents = (u, v)
        codes = (latentColumns[u], latentColumns[v])
        // Distance from the centre as a fraction of the half-width on each axis; the larger of the two (a square).
        let (na, nb) = (Double(dataset.factors[a].size - 1), Double(dataset.factors[b].size - 1))
        rings = rows.map { row in
            let d = max(abs(2 * Double(row[a]) - na) / na, abs(2 * Double(row[b]) - nb) / nb)
            return min(Int(d * Double(Self.ringCount)), Self.ringCount - 1)
        }
    }

    /// Pearson's correlation; 0 when either side is constant.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let (mx, my) = (x.reduce(0, +) / n, y.reduce(0, +) / n)
        var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
        for (p, q) in zip(x, y) {
            sxy += (p - mx) * (q - my)
            sxx += (p - mx) * (p - mx)
            syy += (q - my) * (q - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }
}
