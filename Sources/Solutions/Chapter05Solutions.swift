import Foundation

/// Reference solutions of chapter 5's exercises.
public enum Chapter05Solutions {
    /// (ᾱ_t, 1 − ᾱ_t) from log ᾱ_t = Σ_{s≤t} log(1 − β_s), summed with log1p and turned back with exp and −expm1: when
    /// ᾱ_t is close to 1 (early steps of a small-β schedule), 1 − ᾱ_t keeps its relative digits instead of being the
    /// difference of two nearly equal numbers.
    static func cumulativeAlpha(_ betas: [Double], _ t: Int) -> (alphaBar: Double, oneMinusAlphaBar: Double) {
        let logAlphaBar = betas[0..<t].reduce(0) { $0 + Foundation.log1p(-$1) }
        return (Foundation.exp(logAlphaBar), -Foundation.expm1(logAlphaBar))
    }

    /// 5.1: a sum of independent Gaussians is Gaussian, so by induction x_t | x₀ ~ N(m_t x₀, v_t I) with
    /// m_t = √α_t·m_{t−1} and v_t = α_t·v_{t−1} + β_t; hence m_t = √ᾱ_t and 1 − v_t = α_t(1 − v_{t−1}) = ᾱ_t. One draw
    /// ε then gives x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε.
    public static func noisedSample(x0: [Double], betas: [Double], t: Int, noise: [Double]) throws -> [Double] {
        let (alphaBar, oneMinusAlphaBar) = cumulativeAlpha(betas, t)
        let signal = alphaBar.squareRoot(), spread = oneMinusAlphaBar.squareRoot()
        return zip(x0, noise).map { signal * $0 + spread * $1 }
    }

    /// 5.2: noise each row with 5.1's closed form (ᾱ computed once per step of the schedule), ask the predictor for
    /// ε̂(x_t, t) at that row's own t, add up the squared coordinate errors and divide by the batch size B.
    public static func denoisingLoss(x0: [[Double]], timesteps: [Int], noise: [[Double]], betas: [Double],
                                     predictor: ([Double], Int) -> [Double]) throws -> Double {
        let coefficients = (0...betas.count).map { t -> (signal: Double, spread: Double) in
            let (alphaBar, oneMinusAlphaBar) = cumulativeAlpha(betas, t)
            return (alphaBar.squareRoot(), oneMinusAlphaBar.squareRoot())
        }
        var total = 0.0
        for i in x0.indices {
            let t = timesteps[i], (signal, spread) = coefficients[t]
            let xt = zip(x0[i], noise[i]).map { signal * $0 + spread * $1 }
            let prediction = predictor(xt, t)
            total += zip(noise[i], prediction).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        return total / Double(x0.count)
    }

    /// 5.3: as a function of y = x_{t−1}, log q(y | x₀) + log q(x_t | y) is the quadratic
    ///   −(y − √ᾱ_{t−1}x₀)²/(2(1 − ᾱ_{t−1})) − (x_t − √α_t y)²/(2β_t) + const.
    /// Its precision (the coefficient of −y²/2) is 1/(1 − ᾱ_{t−1}) + α_t/β_t = (1 − ᾱ_t)/((1 − ᾱ_{t−1})β_t), because
    /// β_t + α_t(1 − ᾱ_{t−1}) = 1 − ᾱ_t; so β̃_t = (1 − ᾱ_{t−1})β_t/(1 − ᾱ_t). Completing the square, the mean is β̃_t
    /// times the coefficient of y, √ᾱ_{t−1}x₀/(1 − ᾱ_{t−1}) + √α_t x_t/β_t, which gives
    ///   μ̃_t = √ᾱ_{t−1}β_t/(1 − ᾱ_t)·x₀ + √α_t(1 − ᾱ_{t−1})/(1 − ᾱ_t)·x_t.
    public static func posteriorMeanAndVariance(x0: Double, xt: Double, betas: [Double],
                                                t: Int) throws -> (mean: Double, variance: Double) {
        let beta = betas[t - 1]
        let (previousAlphaBar, previousOneMinus) = cumulativeAlpha(betas, t - 1)
        let (_, oneMinus) = cumulativeAlpha(betas, t)
        let dataCoefficient = previousAlphaBar.squareRoot() * beta / oneMinus
        let stateCoefficient = (1 - beta).squareRoot() * previousOneMinus / oneMinus
        return (dataCoefficient * x0 + stateCoefficient * xt, previousOneMinus * beta / oneMinus)
    }
}
