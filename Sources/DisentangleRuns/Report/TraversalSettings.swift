import Foundation

/// Which values latent traversals sweep each latent through.
///
/// Seed 002 sets a latent to absolute values from −3 to 3; seed 004 adds offsets from −0.5 to 0.5 in steps of 0.1
/// to the encoded code's own value (the middle column is then the plain reconstruction):
///
/// ```swift
/// let seed002 = try TraversalSettings(lower: -3, upper: 3, steps: 7, mode: .absolute)
/// let seed004 = try TraversalSettings(lower: -0.5, upper: 0.5, steps: 11, mode: .offset)
/// ```
public struct TraversalSettings: Sendable, Equatable, Codable {
    /// Whether the values replace the latent or are added to the code's value.
    public enum Mode: String, CaseIterable, Sendable, Codable {
        /// The latent is set to each value.
        case absolute
        /// Each value is added to the latent's value in the code.
        case offset
    }

    /// The first value.
    public let lower: Double
    /// The last value.
    public let upper: Double
    /// The number of evenly spaced values from ``lower`` to ``upper`` (both included).
    public let steps: Int
    /// Absolute values or offsets.
    public let mode: Mode

    /// Settings sweeping `steps` values from `lower` to `upper`. Throws ``RunError`` unless both ends are finite,
    /// `lower < upper` and `steps` is in `2...101`.
    public init(lower: Double = -2, upper: Double = 2, steps: Int = 9, mode: Mode = .absolute) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw RunError("the traversal range must run from a smaller to a larger finite value, got \(lower) to \(upper)")
        }
        guard (2...101).contains(steps) else { throw RunError("traversal steps must be in 2...101, got \(steps)") }
        self.lower = lower
        self.upper = upper
        self.steps = steps
        self.mode = mode
    }

    /// Parses a range written `LOW,HIGH` (such as `-3,3` or `-0.5,0.5`). Throws ``RunError`` for anything else.
    public static func parseRange(_ text: String) throws -> (lower: Double, upper: Double) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let lower = Double(parts[0].trimmingCharacters(in: .whitespaces)),
              let upper = Double(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw RunError("the traversal range must be written LOW,HIGH (such as -3,3), got '\(text)'")
        }
        return (lower, upper)
    }

    /// The swept values (absolute values or offsets), evenly spaced.
    public var points: [Double] {
        (0..<steps).map { lower + (upper - lower) * Double($0) / Double(steps - 1) }
    }

    /// The values latent `dimension` takes when traversed from `code`.
    public func values(from code: [Float], dimension: Int) -> [Float] {
        points.map { mode == .absolute ? Float($0) : code[dimension] + Float($0) }
    }

    /// Column headings: the values, or the offsets with their sign.
    public var labels: [String] {
        points.map { value in
            let rounded = (value * 1000).rounded() / 1000
            let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
            return mode == .offset && rounded > 0 ? "+" + text : text
        }
    }
}
