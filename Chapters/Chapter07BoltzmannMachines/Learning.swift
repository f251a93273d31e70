import BoltzmannMachines
import Datasets
import Foundation
import Notebook
import TensorCore

// Section 2: the log-likelihood gradient, checked by finite differences, and CD-1 against exact-gradient ascent on
// bars and stripes, where the exact log-likelihood can be followed during training.

/// One training run's exact log-likelihood curve and its final machine.
struct TrainingRun {
    var epochs: [Int] = [], logLikelihoods: [Double] = []
    var machine: RestrictedBoltzmannMachine
}

func gradientCheck(_ machine: RestrictedBoltzmannMachine, data: [[Double]]) {
    let (n, m) = (machine.visibleCount, machine.hiddenCount)
    func logLikelihood(_ candidate: RestrictedBoltzmannMachine) -> Double {
        candidate.exactLogLikelihood(data, logPartition: candidate.logPartitionThroughFreeEnergy)
    }
    let exact = machine.exactGradient(data), step = 1e-3
    var worst = 0.0, dataPhaseOnlyWorst = 0.0
    for parameter in 0..<(n * m + n + m) {
        var up = machine, down = machine
        switch parameter {
        case ..<(n * m): up.weights[parameter] += step; down.weights[parameter] -= step
        case ..<(n * m + n): up.visibleBiases[parameter - n * m] += step; down.visibleBiases[parameter - n * m] -= step
        default: up.hiddenBiases[parameter - n * m - n] += step; down.hiddenBiases[parameter - n * m - n] -= step
        }
        let difference = (logLikelihood(up) - logLikelihood(down)) / (2 * step)
        let analytic = parameter < n * m ? exact.weights[parameter]
            : parameter < n * m + n ? exact.visibleBiases[parameter - n * m] : exact.hiddenBiases[parameter - n * m - n]
        worst = max(worst, abs(difference - analytic))
        dataPhaseOnlyWorst = max(dataPhaseOnlyWorst, abs(difference - dataPhaseComponent(machine, data: data, parameter: parameter)))
    }
    let largest = data.map { abs(machine.freeEnergy($0)) }.max()! + abs(machine.logPartitionThroughFreeEnergy)
    let rounding = roundingBound(terms: 1 << n, products: n * m + n + m, largest: largest)
    let truncation = step * step / 6 * 2 / (6 * 3.0.squareRoot())
    chapter.check("max over all \(n * m + n + m) parameters of |exact gradient − central difference of the exact log-likelihood|",
                  measured: worst, atMost: truncation + rounding / step,
                  why: "step t = \(formatNumber(step)); the truncation error is t²/6 · |ℓ‴| with |ℓ‴| ≤ 2/(6√3), since ℓ‴ is the third cumulant of a Bernoulli variable (from log Z) minus a softplus‴ (from F), each at most 1/(6√3) in size; plus the rounding of two log-likelihoods divided by 2t. The data phase alone, as if Z did not depend on θ, is off by \(formatNumber(dataPhaseOnlyWorst, digits: 3))")
}

/// The data-phase component ⟨−∂E/∂θ⟩_data of one parameter (weights first, then visible, then hidden biases).
func dataPhaseComponent(_ machine: RestrictedBoltzmannMachine, data: [[Double]], parameter: Int) -> Double {
    let (n, m) = (machine.visibleCount, machine.hiddenCount)
    return data.reduce(0.0) { sum, v in
        let p = machine.hiddenProbabilities(v)
        switch parameter {
        case ..<(n * m): return sum + v[parameter / m] * p[parameter % m]
        case ..<(n * m + n): return sum + v[parameter - n * m]
        default: return sum + p[parameter - n * m - n]
        }
    } / Double(data.count)
}

/// Trains `runs` machines from the same initial weights with CD-1 and with the exact gradient, following the exact log-likelihood.
func barsAndStripesTraining(runs: Int, epochs: Int, every: Int, data: [[Double]]) -> (cd: [TrainingRun], exact: [TrainingRun]) {
    let starts = (0..<runs).map { _ in RestrictedBoltzmannMachine(visibleCount: 12, hiddenCount: 6, weightScale: 0.1, using: &chapter.random) }
    func trainer(_ start: RestrictedBoltzmannMachine, _ rule: RBMLearningRule) -> RBMTrainer {
        RBMTrainer(start, rule: rule, learningRate: basSettings.learningRate, batchSize: basSettings.batchSize, momentum: basSettings.momentum,
                   weightDecay: basSettings.weightDecay, using: &chapter.random)
    }
    var trainers = starts.map { trainer($0, .contrastiveDivergence(steps: 1)) } + starts.map { trainer($0, .exact) }
    var curves = trainers.map { TrainingRun(machine: $0.machine) }
    func record(_ epoch: Int) {
        for index in trainers.indices {
            let machine = trainers[index].machine
            curves[index].epochs.append(epoch)
            curves[index].logLikelihoods.append(machine.exactLogLikelihood(data, logPartition: machine.logPartitionThroughFreeEnergy))
            curves[index].machine = machine
        }
    }
    record(0)
    chapter.train("CD-1 and exact-gradient ascent on bars and stripes, \(runs) runs each", steps: epochs) { epoch in
        for index in trainers.indices { trainers[index].epoch(data, using: &chapter.random) }
        if (epoch + 1) % every == 0 { record(epoch + 1) }
    }
    return (Array(curves[..<runs]), Array(curves[runs...]))
}

let basSettings = (learningRate: 0.05, batchSize: 11, momentum: 0.5, weightDecay: 1e-3)
