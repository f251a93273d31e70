import Datasets
import DiffusionModels
import Foundation
import Notebook
import Plotting
import Statistics
import TensorCore

// Section 1: the schedules, the chain simulated step by step against its closed form, a digit dissolving.

/// The digits with pixels mapped from counts/16 ∈ [0, 1] to [−1, 1], the range DDPM's unit-variance noise is scaled for.
func centred(_ images: Tensor) -> Tensor { images * 2 - 1 }
/// Back from [−1, 1] to [0, 1], clipping what the sampler overshoots.
func uncentred(_ images: Tensor) -> Tensor { Tensor(shape: images.shape, scalars: images.scalars.map { min(1, max(0, ($0 + 1) / 2)) }) }

func forwardChainSection() throws {
    let linear = DiffusionSchedule.linear(steps: 1_000), cosine = DiffusionSchedule.cosine(steps: 1_000)
    chapter.prose("""
    Two schedules are common. Ho et al.'s *linear* schedule raises β_t from 10⁻⁴ to 0.02 over T = 1,000 steps; \
    Nichol & Dhariwal's (2021) *cosine* schedule sets ᾱ_t = f(t)/f(0) with f(t) = cos²(((t/T + 0.008)/1.008)·π/2), \
    which destroys the signal more evenly: the linear schedule has ᾱ_t below 0.01 after \
    \(linear.alphaBars.firstIndex { $0 < 0.01 }! + 1) of its \(linear.steps) steps, the cosine one after \(cosine.alphaBars.firstIndex { $0 < 0.01 }! + 1).
    """)
    chapter.figure(schedulesFigure([linear, cosine]), name: "alpha_bar_schedules", caption: """
        ᾱ_t, the fraction of the signal's variance left at step t (left), and log SNR = log(ᾱ_t/(1 − ᾱ_t)) (right), for the \
        linear and cosine schedules with T = 1,000. ᾱ_T is \(formatNumber(linear.alphaBar(1_000), digits: 2)) and \(formatNumber(cosine.alphaBar(1_000), digits: 2)): \
        both end at noise indistinguishable from N(0, I).
        """)

    // Simulate many chains from one held-out digit, one step at a time, and compare the moments with the closed form.
    let digits = try Digits.load()
    let x0 = centred(digits.images.slice(0..<1)), d = x0.columnCount
    let chains = quick ? 500 : 2_000, checkpoints = [1, 10, 100, 300, 600, 1_000]
    var x = Tensor(shape: [chains, d], scalars: (0..<chains).flatMap { _ in x0.scalars })
    var meanZ: [Double] = [], varianceZ: [Double] = [], wrongMeanZ: [Double] = [], wrongVarianceZ: [Double] = []
    for t in 1...linear.steps {
        x = linear.chainStep(previous: x, t: t, noise: Tensor.normal([chains, d], using: &chapter.random))
        guard checkpoints.contains(t) else { continue }
        let (scale, variance) = (linear.alphaBar(t).squareRoot(), linear.oneMinusAlphaBar(t))
        let wrongVariance = (1...t).reduce(0.0) { $0 + linear.beta($1) }   // Σβ: noise added with no shrinking
        for j in 0..<d {
            let column = (0..<chains).map { Double(x[$0, j]) }, summary = SampleSummary(column)
            let varianceSE = varianceStandardError(column)
            meanZ.append(abs(summary.mean - scale * Double(x0[0, j])) / summary.standardError)
            varianceZ.append(abs(column.unbiasedVariance - variance) / varianceSE)
            wrongMeanZ.append(abs(summary.mean - Double(x0[0, j])) / summary.standardError)
            wrongVarianceZ.append(abs(column.unbiasedVariance - wrongVariance) / varianceSE)
        }
    }
    let tests = meanZ.count
    chapter.check("largest |chain mean − √ᾱ_t x₀| over \(d) pixels at t = \(checkpoints.map(String.init).joined(separator: ", ")), in SE (\(chains) chains)",
                  measured: meanZ.max()!, atMost: 4.5,
                  why: "each of the \(tests) comparisons is a mean of \(chains) independent chains; at 4.5 SE the chance of a false alarm among them is below \(formatNumber(Double(tests) * 6.8e-6, digits: 2)). A chain that did not shrink the signal (mean x₀) is \(formatNumber(wrongMeanZ.max()!, digits: 3)) SE away")
    chapter.check("largest |chain variance − (1 − ᾱ_t)| over the same pixels and steps, in SE of a sample variance", measured: varianceZ.max()!, atMost: 4.5,
                  why: "the SE of a sample variance from the sample's fourth moment; the same false-alarm level. Noise added without shrinking (variance Σβ_s) is \(formatNumber(wrongVarianceZ.max()!, digits: 3)) SE away")
    chapter.figure(noisingFigure(x0: x0, schedules: [linear, cosine], steps: [0, 50, 100, 200, 400, 600, 800, 1_000]), name: "noising_chain", caption: """
        One digit of the data set noised to x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε (one ε for the whole row) under the linear (top) and cosine \
        (bottom) schedules: the cosine schedule keeps the digit legible for longer.
        """)
}
