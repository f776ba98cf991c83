import DisentangleDatasets
import DisentangleTensor
import Foundation

/// Pixel statistics of one channel plane: the number of pixels above 0.5, their centroid (x right, y down, pixel
/// centres at +0.5) and the angle of their principal axis (radians, counter-clockwise on screen, in [0, pi)).
struct PlaneStatistics {
    var area = 0
    var centroidX = 0.0
    var centroidY = 0.0
    var principalAngle = 0.0
    var touchesBorder = false

    init(_ pixels: ArraySlice<Float>, width: Int) {
        var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
        for (offset, value) in pixels.enumerated() where value > 0.5 {
            let row = offset / width
            let column = offset % width
            let x = Double(column) + 0.5
            let y = -(Double(row) + 0.5)  // y up for angles
            area += 1
            sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y
            if row == 0 || column == 0 || row == width - 1 || column == width - 1 { touchesBorder = true }
        }
        guard area > 0 else { return }
        let n = Double(area)
        centroidX = sx / n
        centroidY = -sy / n
        let cxx = sxx / n - (sx / n) * (sx / n)
        let cyy = syy / n - (sy / n) * (sy / n)
        let cxy = sxy / n - (sx / n) * (sy / n)
        var angle = 0.5 * atan2(2 * cxy, cxx - cyy)
        if angle < 0 { angle += .pi }
        principalAngle = angle
    }
}

/// The scalars of a `[N, C, H, W]` tensor, copied once, with access to single channel planes.
struct Images {
    let scalars: [Float]
    let shape: [Int]

    init(_ observations: Tensor) {
        scalars = observations.scalars
        shape = observations.shape
    }

    /// The scalars of observation `index`, channel `channel`.
    func plane(_ index: Int, channel: Int = 0) -> ArraySlice<Float> {
        let size = shape[2] * shape[3]
        let start = (index * shape[1] + channel) * size
        return scalars[start..<(start + size)]
    }
}

/// The description of the `DatasetError` thrown by `body`, or nil if it threw nothing.
func datasetError(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as DatasetError {
        return error.description
    } catch {
        return "unexpected \(type(of: error)): \(error)"
    }
}
