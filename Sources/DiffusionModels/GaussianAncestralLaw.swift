import Foundation
import TensorCore

extension GaussianDataDenoiser {
    /// The exact law of what `sampler` outputs with this predictor, per coordinate: every
    /// step is affine in x plus Gaussian noise, so the law stays Gaussian and its mean and
    /// variance follow a short recursion. A sampling simulation must match it within Monte
    /// Carlo error; its distance from the data law N(m_y, s²) is the sampler's own error
    /// (too few steps, the fixed σ_t²), free of any training error.
    ///
    /// With ε̂ = k_t(x − √ᾱ_t m) (`gain`; guidance makes it k_t(x − √ᾱ_t m̃) with
    /// m̃ = (1 + w)m_y − w m_∅, as ε̂ is affine in m with a slope that does not depend on m),
    /// the mean step μ = (x − c_t ε̂)/√α_t with c_t = β_t/√(1 − ᾱ_t) is μ = a_t x + b_t,
    ///
    ///   a_t = (1 − c_t k_t)/√α_t,   b_t = c_t k_t √ᾱ_t m̃/√α_t,
    ///
    /// so mean ← a_t·mean + b_t and variance ← a_t²·variance + σ_t² (no σ at t = 1), from
    /// x_T ~ N(0, 1).
    ///
    /// - Parameter label: the class sampled (nil: unconditional).
    /// - Returns: one (mean, variance) per coordinate.
    public func ancestralOutputLaw(sampler: AncestralSampler, label: Int? = nil) -> [(mean: Double, variance: Double)] {
        let schedule = sampler.schedule
        require(schedule.isRespacing(of: self.schedule), "The sampler's schedule must be the predictor's or a respacing of it.")
        require(sampler.denoisedRange == nil, "Clipping x̂₀ makes the steps non-linear: the output law is no longer Gaussian.")
        let target: [Double]
        if sampler.guidance > 0 {
            require(label != nil && nullLabel != nil, "Guidance needs a class label and a null class.")
            target = zip(mean(of: label), mean(of: nullLabel)).map { (1 + sampler.guidance) * $0 - sampler.guidance * $1 }
        } else {
            target = mean(of: label)
        }
        return target.map { centre in
            var mean = 0.0, variance = 1.0
            for i in stride(from: schedule.steps, through: 1, by: -1) {
                // The predictor works on its own schedule, at the step's network timestep;
                // its ᾱ there equals the sampler's ᾱ_i (a respacing keeps ᾱ).
                let k = gain(t: schedule.networkTimestep(i))
                let c = schedule.beta(i) / schedule.oneMinusAlphaBar(i).squareRoot()
                let rootAlpha = schedule.alpha(i).squareRoot()
                let a = (1 - c * k) / rootAlpha
                let b = c * k * schedule.alphaBar(i).squareRoot() * centre / rootAlpha
                mean = a * mean + b
                variance = a * a * variance + (i > 1 ? sampler.variance.value(at: i, in: schedule) : 0)
            }
            return (mean, variance)
        }
    }
}
