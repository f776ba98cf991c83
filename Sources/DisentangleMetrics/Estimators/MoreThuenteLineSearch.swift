/// The Moré–Thuente line search (MINPACK-2 `dcsrch`/`dcstep`), as used by L-BFGS-B.
///
/// It looks for a step satisfying the strong Wolfe conditions `f(stp) <= f(0) + ftol * stp * f'(0)` and
/// `|f'(stp)| <= gtol * |f'(0)|`, safeguarding cubic and quadratic interpolation inside a bracketing interval.
/// The search is driven by reverse communication: call ``next(value:derivative:)`` with the function value and
/// directional derivative at the current ``step`` until it reports that it is done.
struct MoreThuenteLineSearch {
    /// The outcome of one call.
    enum Status: Equatable {
        /// Evaluate the function at ``step`` and call again.
        case evaluate
        /// The Wolfe conditions hold at ``step``.
        case converged
        /// The search cannot make progress (rounding, interval too small, or a step bound reached); ``step`` is
        /// the best point found.
        case warning
    }

    /// The current trial step.
    private(set) var step: Double
    private let ftol: Double, gtol: Double, xtol: Double, stepMin: Double, stepMax: Double
    private var bracketed = false
    private var stage = 1
    private var initialValue = 0.0, initialDerivative = 0.0, testDerivative = 0.0
    private var width = 0.0, previousWidth = 0.0
    private var stx = 0.0, fx = 0.0, gx = 0.0, sty = 0.0, fy = 0.0, gy = 0.0
    private var intervalMin = 0.0, intervalMax = 0.0
    private var started = false

    /// Starts a search at `step` with L-BFGS-B's parameters (ftol 1e-3, gtol 0.9, xtol 0.1).
    init(step: Double, ftol: Double = 1e-3, gtol: Double = 0.9, xtol: Double = 0.1, stepMin: Double = 0,
         stepMax: Double) {
        self.step = step
        self.ftol = ftol
        self.gtol = gtol
        self.xtol = xtol
        self.stepMin = stepMin
        self.stepMax = stepMax
    }

    /// Feeds the value and directional derivative at the current step (at step 0 on the first call).
    mutating func next(value f: Double, derivative g: Double) -> Status {
        let xtrapl = 1.1, xtrapu = 4.0
        if !started {
            started = true
            bracketed = false
            stage = 1
            initialValue = f
            initialDerivative = g
            testDerivative = ftol * g
            width = stepMax - stepMin
            previousWidth = width / 0.5
            stx = 0; fx = f; gx = g
            sty = 0; fy = f; gy = g
            intervalMin = 0
            intervalMax = step + xtrapu * step
            return .evaluate
        }
        let ftest = initialValue + step * testDerivative
        if stage == 1 && f <= ftest && g >= 0 { stage = 2 }
        var status = Status.evaluate
        if bracketed && (step <= intervalMin || step >= intervalMax) { status = .warning }
        if bracketed && intervalMax - intervalMin <= xtol * intervalMax { status = .warning }
        if step == stepMax && f <= ftest && g <= testDerivative { status = .warning }
        if step == stepMin && (f > ftest || g >= testDerivative) { status = .warning }
        if f <= ftest && abs(g) <= gtol * (-initialDerivative) { status = .converged }
        if status != .evaluate { return status }

        if stage == 1 && f <= fx && f > ftest {
            var fm = f - step * testDerivative
            var fxm = fx - stx * testDerivative
            var fym = fy - sty * testDerivative
            var gm = g - testDerivative
            var gxm = gx - testDerivative
            var gym = gy - testDerivative
            MoreThuenteLineSearch.dcstep(&stx, &fxm, &gxm, &sty, &fym, &gym, &step, &fm, &gm,
                                         bracketed: &bracketed, stepMin: stepMin, stepMax: stepMax)
            fx = fxm + stx * testDerivative
            fy = fym + sty * testDerivative
            gx = gxm + testDerivative
            gy = gym + testDerivative
        } else {
            var fp = f, gp = g
            MoreThuenteLineSearch.dcstep(&stx, &fx, &gx, &sty, &fy, &gy, &step, &fp, &gp,
                                         bracketed: &bracketed, stepMin: stepMin, stepMax: stepMax)
        }
        if bracketed {
            if abs(sty - stx) >= 0.66 * previousWidth { step = stx + 0.5 * (sty - stx) }
            previousWidth = width
            width = abs(sty - stx)
        }
        if bracketed {
            intervalMin = min(stx, sty)
            intervalMax = max(stx, sty)
        } else {
            intervalMin = step + xtrapl * (step - stx)
            intervalMax = step + xtrapu * (step - stx)
        }
        step = max(step, stepMin)
        step = min(step, stepMax)
        if (bracketed && (step <= intervalMin || step >= intervalMax))
            || (bracketed && intervalMax - intervalMin <= xtol * intervalMax) {
            step = stx
        }
        return .evaluate
    }

    /// One safeguarded step of the interval update (MINPACK-2 `dcstep`).
    private static func dcstep(_ stx: inout Double, _ fx: inout Double, _ dx: inout Double,
                               _ sty: inout Double, _ fy: inout Double, _ dy: inout Double,
                               _ stp: inout Double, _ fp: inout Double, _ dp: inout Double,
                               bracketed: inout Bool, stepMin: Double, stepMax: Double) {
        let sgnd = dp * (dx / abs(dx))
        var stpf: Double
        if fp > fx {
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp < stx { gamma = -gamma }
            let p = (gamma - dx) + theta
            let q = ((gamma - dx) + gamma) + dp
            let r = p / q
            let stpc = stx + r * (stp - stx)
            let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx)
            stpf = abs(stpc - stx) < abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2
            bracketed = true
        } else if sgnd < 0 {
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = ((gamma - dp) + gamma) + dx
            let r = p / q
            let stpc = stp + r * (stx - stp)
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
            bracketed = true
        } else if abs(dp) < abs(dx) {
            let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
            let s = max(abs(theta), abs(dx), abs(dp))
            var gamma = s * max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
            if stp > stx { gamma = -gamma }
            let p = (gamma - dp) + theta
            let q = (gamma + (dx - dp)) + gamma
            let r = p / q
            let stpc: Double
            if r < 0 && gamma != 0 {
                stpc = stp + r * (stx - stp)
            } else if stp > stx {
                stpc = stepMax
            } else {
                stpc = stepMin
            }
            let stpq = stp + (dp / (dp - dx)) * (stx - stp)
            if bracketed {
                stpf = abs(stpc - stp) < abs(stpq - stp) ? stpc : stpq
                if stp > stx {
                    stpf = min(stp + 0.66 * (sty - stp), stpf)
                } else {
                    stpf = max(stp + 0.66 * (sty - stp), stpf)
                }
            } else {
                stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
                stpf = min(stepMax, stpf)
                stpf = max(stepMin, stpf)
            }
        } else {
            if bracketed {
                let theta = 3 * (fp - fy) / (sty - stp) + dy + dp
                let s = max(abs(theta), abs(dy), abs(dp))
                var gamma = s * ((theta / s) * (theta / s) - (dy / s) * (dp / s)).squareRoot()
                if stp > sty { gamma = -gamma }
                let p = (gamma - dp) + theta
                let q = ((gamma - dp) + gamma) + dy
                let r = p / q
                stpf = stp + r * (sty - stp)
            } else if stp > stx {
                stpf = stepMax
            } else {
                stpf = stepMin
            }
        }
        if fp > fx {
            sty = stp
            fy = fp
            dy = dp
        } else {
            if sgnd < 0 {
                sty = stx
                fy = fx
                dy = dx
            }
            stx = stp
            fx = fp
            dx = dp
        }
        stp = stpf
    }
}
