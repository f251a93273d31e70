import Foundation
import TensorCore

// The Metropolis-adjusted Langevin algorithm (MALA; Besag 1994, Roberts &
// Tweedie 1996): the ULA move is used as a proposal
//
//   x′ ~ q(x′ | x) = N(x + (ε/2)s(x), εI),
//
// accepted with the Metropolis–Hastings probability
//
//   α(x → x′) = min(1, p(x′) q(x | x′) / (p(x) q(x′ | x))),
//
// which makes p exactly invariant for every ε > 0: a large step now costs
// rejections instead of bias. For the standard normal the ratio simplifies
// to log α = ε(x² − x′²)/8.

extension Langevin {
    /// One MALA step for every particle. A particle is an element of a rank-1 tensor
    /// (independent 1-D chains) or a row of an `[n, d]` tensor; `logDensity` returns one
    /// value of log p (up to a constant) per particle.
    ///
    /// - Returns: the new particles and the fraction of proposals accepted.
    public static func metropolisAdjustedStep(_ x: Tensor, logDensity: (Tensor) -> [Double], score: (Tensor) -> Tensor,
                                              stepSize: Float,
                                              using generator: inout RandomGenerator) -> (particles: Tensor, acceptanceRate: Double) {
        require(x.rank >= 1 && x.count > 0, "MALA needs at least one particle, got shape \(x.shape).")
        let particleCount = x.shape[0], size = x.count / particleCount
        let scoreAtX = score(x)
        let proposal = x + scoreAtX * (stepSize / 2) + Tensor.normal(x.shape, using: &generator) * stepSize.squareRoot()
        let scoreAtProposal = score(proposal)
        let (logCurrent, logProposed) = (logDensity(x), logDensity(proposal))
        require(logCurrent.count == particleCount && logProposed.count == particleCount,
                "MALA's log-density must give one value per particle (\(particleCount)), got \(logCurrent.count).")
        let epsilon = Double(stepSize)
        var next = x
        var accepted = 0
        for particle in 0..<particleCount {
            let range = (particle * size)..<((particle + 1) * size)
            // log q(x | x′) − log q(x′ | x) = (‖x′ − x − (ε/2)s(x)‖² − ‖x − x′ − (ε/2)s(x′)‖²)/(2ε);
            // the Gaussian normalisers cancel. Computed in double precision.
            var forward = 0.0, backward = 0.0
            for index in range {
                let (current, proposed) = (Double(x.scalars[index]), Double(proposal.scalars[index]))
                let forwardResidual = proposed - current - epsilon / 2 * Double(scoreAtX.scalars[index])
                let backwardResidual = current - proposed - epsilon / 2 * Double(scoreAtProposal.scalars[index])
                forward += forwardResidual * forwardResidual
                backward += backwardResidual * backwardResidual
            }
            let logAcceptance = logProposed[particle] - logCurrent[particle] + (forward - backward) / (2 * epsilon)
            if Foundation.log(generator.uniformDouble()) < logAcceptance {
                for index in range { next.scalars[index] = proposal.scalars[index] }
                accepted += 1
            }
        }
        return (next, Double(accepted) / Double(particleCount))
    }

    /// `steps` MALA steps, calling `observe(k, x)` after step k.
    ///
    /// - Returns: the particles and the acceptance fraction averaged over all steps.
    public static func metropolisAdjustedChain(_ start: Tensor, logDensity: (Tensor) -> [Double], score: (Tensor) -> Tensor,
                                               stepSize: Float, steps: Int, using generator: inout RandomGenerator,
                                               observe: (Int, Tensor) -> Void = { _, _ in }) -> (particles: Tensor, acceptanceRate: Double) {
        var x = start
        var acceptance = 0.0
        for step in 0..<steps {
            let (next, rate) = metropolisAdjustedStep(x, logDensity: logDensity, score: score, stepSize: stepSize, using: &generator)
            x = next
            acceptance += rate
            observe(step + 1, x)
        }
        return (x, steps > 0 ? acceptance / Double(steps) : 0)
    }
}
