import Foundation
import Testing

@testable import SBDvsDeconv

/// The orientation-free position diagnostic of `sbd-vs-deconv` on codes with a known rotation.
@Suite("PositionCode")
struct PositionCodeTests {
    /// The 40 x 40 grid of positions.
    let positions: [(x: Double, y: Double)] = (0..<1600).map { (Double($0 / 40), Double($0 % 40)) }

    func code(_ transform: (Double, Double) -> (Double, Double)) -> PositionCode {
        let latents = positions.map { transform($0.x, $0.y) }
        return PositionCode(x: positions.map(\.x), y: positions.map(\.y), u: latents.map(\.0), v: latents.map(\.1))
    }

    @Test(arguments: [0.0, 10.0, 30.0, 45.0, 60.0, 100.0, -20.0])
    func rotatedAndScaledCodesReportTheirAngle(degrees: Double) {
        let (c, s) = (cos(degrees * .pi / 180), sin(degrees * .pi / 180))
        // Different scales per axis and an offset: the angle and R² must not depend on them.
        let result = code { x, y in (0.05 * (c * x - s * y) + 3, 0.08 * (s * x + c * y) - 1) }
        var expected = degrees.truncatingRemainder(dividingBy: 90)
        if expected < 0 { expected += 90 }
        expected = min(expected, 90 - expected)
        #expect(abs(result.rotationDegrees - expected) < 0.2, "\(degrees)° gave \(result.rotationDegrees)°")
        #expect(result.linearR2 > 0.999_999)
    }

    @Test func swappedAndReflectedAxesAreAligned() {
        #expect(code { x, y in (y, -x) }.rotationDegrees < 1e-9)
        #expect(code { x, y in (-y, -x) }.rotationDegrees < 1e-9)
        let reflected = code { x, y in (x * cos(0.5) + y * sin(0.5), x * sin(0.5) - y * cos(0.5)) }
        #expect(abs(reflected.rotationDegrees - 0.5 * 180 / .pi) < 1e-9)
    }

    @Test func aCodeThatIgnoresThePositionHasNoLinearFit() {
        let result = code { x, y in (cos(x * 1.7 + y * 0.3), sin(x * y)) }
        #expect(result.linearR2 < 0.05)
    }
}
