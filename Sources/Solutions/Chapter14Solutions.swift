import Foundation

/// Reference solutions of chapter 14's exercises.
public enum Chapter14Solutions {
    /// Euler's (DDIM) step from σ to σ′ given D = D(x, σ): x′ = D + (σ′/σ)(x − D), which is D itself at σ′ = 0.
    private static func eulerStep(_ x: [Double], _ denoised: [Double], from sigma: Double, to next: Double) -> [Double] {
        guard next > 0 else { return denoised }
        let ratio = next / sigma
        return x.indices.map { denoised[$0] + ratio * (x[$0] - denoised[$0]) }
    }

    /// 14.1: evenly spaced in σ^{1/ρ} between the two ends, which are returned as given.
    public static func karrasNoiseLevels(count: Int, minimum: Double, maximum: Double, rho: Double) throws -> [Double] {
        let (high, low) = (pow(maximum, 1 / rho), pow(minimum, 1 / rho))
        let spacing = (low - high) / Double(count - 1)
        return (0..<count).map { i in
            if i == 0 { return maximum }
            if i == count - 1 { return minimum }
            return pow(high + Double(i) * spacing, rho)
        }
    }

    /// 14.2: Euler's point, the slope there, and the two slopes averaged; a step to σ′ = 0 is Euler's, D(x, σ).
    public static func heunStep(x: [Double], from sigma: Double, to next: Double,
                                denoise: ([Double], Double) -> [Double]) throws -> [Double] {
        let denoised = denoise(x, sigma)
        guard next > 0 else { return denoised }
        let euler = eulerStep(x, denoised, from: sigma, to: next)
        let denoisedAtEnd = denoise(euler, next)
        return x.indices.map { m in
            let slope = (x[m] - denoised[m]) / sigma, slopeAtEnd = (euler[m] - denoisedAtEnd[m]) / next
            return x[m] + (next - sigma) * (slope + slopeAtEnd) / 2
        }
    }

    /// 14.3: the teacher's two Euler steps to x″, then D̃ solving x″ = D̃ + (σ′/σ)(x − D̃).
    public static func distillationTarget(x: [Double], sigma: Double, middle: Double, next: Double,
                                          teacher: ([Double], Double) -> [Double]) throws -> [Double] {
        let midway = eulerStep(x, teacher(x, sigma), from: sigma, to: middle)
        let landed = eulerStep(midway, teacher(midway, middle), from: middle, to: next)
        guard next > 0 else { return landed }
        let ratio = next / sigma
        return x.indices.map { (landed[$0] - ratio * x[$0]) / (1 - ratio) }
    }

    /// 14.4: each path by Euler's method, keeping its velocities, then the mean of ‖(y₁ − y₀) − v_k‖² over the steps,
    /// and the mean over the paths.
    public static func straightness(velocity: ([Double], Double) -> [Double], start: [[Double]], steps: Int) throws -> Double {
        let h = 1 / Double(steps)
        let perPath = start.map { origin -> Double in
            var (y, velocities) = (origin, [[Double]]())
            for k in 0..<steps {
                let v = velocity(y, Double(k) * h)
                velocities.append(v)
                y = y.indices.map { y[$0] + h * v[$0] }
            }
            let displacement = y.indices.map { y[$0] - origin[$0] }
            return velocities.reduce(0.0) { total, v in
                total + v.indices.reduce(0.0) { $0 + (displacement[$1] - v[$1]) * (displacement[$1] - v[$1]) } * h
            }
        }
        return perPath.reduce(0, +) / Double(start.count)
    }
}
