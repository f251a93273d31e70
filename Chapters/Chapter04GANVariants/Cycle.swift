import AdversarialNetworks
import Distributions
import Foundation
import Metrics
import Notebook
import Statistics
import TensorCore

// Section 4: CycleGAN on two unpaired 2-D domains, with and without the cycle term.

/// Domain X: two moons; domain Y: two moons drawn independently, rotated by 90° and moved by (−4, 0).
/// The true correspondence T(u, v) = (−v − 4, u) is never shown to the models: the batches are unpaired.
func cycleDomains(_ count: Int, using random: inout RandomGenerator) -> (x: Tensor, y: Tensor) {
    let moons = TwoMoons(noiseStandardDeviation: 0.08)
    let x = moons.sample(count, using: &random), source = moons.sample(count, using: &random)
    let y = Tensor(shape: [count, 2], scalars: (0..<count).flatMap { [-source[$0, 1] - 4, source[$0, 0]] })
    return (x, y)
}

struct CycleRun {
    let cycleWeight: Float
    let roundTripX: Double, roundTripXStandardError: Double, roundTripY: Double, slicedWasserstein: Double, slicedWassersteinStandardError: Double
    let translated: Tensor, roundTrip: Tensor
}

func cycleSection() throws {
    chapter.prose("""
    Given photos of two kinds — summer and winter, horses and zebras — but no pairs, CycleGAN (Zhu et al., \
    2017) learns a map G: X → Y and one back, F: Y → X. Each plays a GAN against a discriminator of its target \
    domain, which asks only that G carry the law of X onto the law of Y as a whole; infinitely many maps do \
    that, and nothing ties G to F. The **cycle-consistency loss** asks each to undo the other,
    """)
    chapter.equation(#"\mathcal L_{\mathrm{cyc}}(G, F) = \mathbb{E}_{x}\,\lVert F(G(x)) - x\rVert_1 + \mathbb{E}_{y}\,\lVert G(F(y)) - y\rVert_1, \qquad \mathcal L = \mathcal L_{\mathrm{GAN}}(G, D_Y) + \mathcal L_{\mathrm{GAN}}(F, D_X) + \lambda_{\mathrm{cyc}}\,\mathcal L_{\mathrm{cyc}},"#,
                     plain: "L_cyc(G, F) = E_x ‖F(G(x)) − x‖₁ + E_y ‖G(F(y)) − y‖₁,   L = L_GAN(G, D_Y) + L_GAN(F, D_X) + λ_cyc·L_cyc")
    chapter.prose("""
    with least-squares adversarial terms (Mao et al., 2017) as in the paper. Our domains are two moons (X) and \
    an independent draw of two moons turned by 90° and moved left by 4 (Y); all four networks are MLPs with two \
    hidden layers of 32 ReLU units, trained on unpaired batches of 64 with Adam at 2·10⁻³. We train with \
    λ_cyc = 1 and with λ_cyc = 0 (adversarial terms only), from several initialisations each, and measure on \
    fresh points the round-trip errors E‖F(G(x)) − x‖₂ and E‖G(F(y)) − y‖₂ and how well G(x) matches Y \
    (SW₂ to fresh points of Y, beside Y's own floor).
    """)
    chapter.listing("cycle-gan", fromLibraryFile: "Sources/AdversarialNetworks/CycleGAN.swift")
    let seeds = quick ? 1 : 3, steps = quick ? 600 : 2_500
    let test = cycleDomains(1_000, using: &chapter.random)
    /// SW₂ of 1,000 points of `sample` against fresh points of Y, over three draws of the reference.
    func distanceToY(_ points: Tensor) -> RepeatedMeasurement {
        RepeatedMeasurement(values: (0..<3).map { _ in SlicedWasserstein.distance(points, cycleDomains(1_000, using: &chapter.random).y) })
    }
    let floor = RepeatedMeasurement(values: (0..<4).map { _ in SlicedWasserstein.distance(cycleDomains(1_000, using: &chapter.random).y, test.y) })
    let fittedY = Gaussian(fittedTo: cycleDomains(20_000, using: &chapter.random).y)
    let gaussian = RepeatedMeasurement(values: (0..<4).map { _ in distanceToY(fittedY.sample(1_000, using: &chapter.random)).mean })
    var runs: [CycleRun] = []
    for weight in [Float(1), 0] {
        for seed in 0..<seeds {
            let model = CycleGAN(xSize: 2, ySize: 2, generatorHidden: [32, 32], discriminatorHidden: [32, 32], using: &chapter.random)
            let trainer = CycleGANTrainer(label: "CycleGAN, λ_cyc = \(Int(weight)), run \(seed + 1)", model: model,
                                          objective: CycleGANObjective(cycleWeight: weight), generatorLearningRate: 2e-3, discriminatorLearningRate: 2e-3)
            try chapter.train(trainer.label, steps: steps) { step in
                let batch = cycleDomains(64, using: &chapter.random)
                try trainer.step(step, x: batch.x, y: batch.y)
            }
            let translated = model.translate(x: test.x), back = model.roundTrip(x: test.x), toY = distanceToY(translated)
            let distances = SampleSummary((0..<test.x.rowCount).map { row in
                let (dx, dy) = (Double(back[row, 0] - test.x[row, 0]), Double(back[row, 1] - test.x[row, 1])); return (dx * dx + dy * dy).squareRoot() })
            runs.append(CycleRun(cycleWeight: weight, roundTripX: distances.mean, roundTripXStandardError: distances.standardError,
                                 roundTripY: Double(model.roundTripError(y: test.y)),
                                 slicedWasserstein: toY.mean, slicedWassersteinStandardError: toY.standardError,
                                 translated: translated, roundTrip: model.roundTrip(x: test.x)))
        }
    }
    let with = runs.filter { $0.cycleWeight > 0 }, without = runs.filter { $0.cycleWeight == 0 }
    chapter.table(["λ_cyc", "run", "E‖F(G(x)) − x‖", "E‖G(F(y)) − y‖", "SW₂(G(x), Y)"],
                  runs.enumerated().map { index, run in [formatNumber(Double(run.cycleWeight)), (index % seeds) + 1, run.roundTripX, run.roundTripY, run.slicedWasserstein] }
                  + [["a Gaussian fitted to Y", "", "", "", "\(formatNumber(gaussian.mean, digits: 3)) ± \(formatNumber(gaussian.standardError, digits: 1))"],
                     ["Y against fresh Y", "", "", "", "\(formatNumber(floor.mean, digits: 3)) ± \(formatNumber(floor.standardError, digits: 1))"]],
                  caption: "1,000 fresh test points of each domain; SW₂ is the mean over three draws of the reference points of Y. Each moon is a half-circle of radius 1 (2 wide, 1 high), so a round-trip error of 0.5 is a quarter of its width.")
    let worstWith = with.map(\.roundTripX).max()!, bestWithout = without.map(\.roundTripX).min()!
    // A run beats the Gaussian when its SW₂ is below the Gaussian's by more than twice their combined standard error.
    let beatsGaussian = { (runs: [CycleRun]) in runs.filter { run in
        (gaussian.mean - run.slicedWasserstein) > 2 * (gaussian.standardError * gaussian.standardError + run.slicedWassersteinStandardError * run.slicedWassersteinStandardError).squareRoot() }.count }
    chapter.prose("""
    Without the cycle term \(beatsGaussian(without)) of \(seeds) translations come closer to Y than a Gaussian with Y's mean and \
    covariance does, by more than two standard errors (SW₂ \(formatNumber(without.map(\.slicedWasserstein).min()!, digits: 2))–\(formatNumber(without.map(\.slicedWasserstein).max()!, digits: 2)) against \
    \(formatNumber(gaussian.mean, digits: 2))), and with it \(beatsGaussian(with)) of \(seeds) (\(formatNumber(with.map(\.slicedWasserstein).min()!, digits: 2))–\(formatNumber(with.map(\.slicedWasserstein).max()!, digits: 2))). \
    Either way the adversarial terms move the law; only the cycle term ties points together: without it F sends \
    G(x) back \(formatNumber(without.map(\.roundTripX).min()!, digits: 2))–\(formatNumber(without.map(\.roundTripX).max()!, digits: 2)) away from x, with it \
    \(formatNumber(with.map(\.roundTripX).min()!, digits: 2))–\(formatNumber(worstWith, digits: 2)).
    """)
    chapter.check("largest X round-trip error with λ_cyc = 1 minus the smallest with λ_cyc = 0 (over \(seeds) run\(seeds == 1 ? "" : "s") each)",
                  measured: worstWith - bestWithout, atMost: 0,
                  why: "every run with the cycle term must close its round trip better than every run without it; each error is a mean over 1,000 points, with standard errors of at most \(formatNumber(runs.map(\.roundTripXStandardError).max()!, digits: 2)) here, far below the gap")
    chapter.figure(cycleFigure(x: test.x.gatherRows(Array(0..<400)), y: test.y.gatherRows(Array(0..<400)),
                               runs: [("λ_cyc = 1 (run 1)", with[0].translated.gatherRows(Array(0..<400)), with[0].roundTrip.gatherRows(Array(0..<400))),
                                      ("λ_cyc = 0 (run 1)", without[0].translated.gatherRows(Array(0..<400)), without[0].roundTrip.gatherRows(Array(0..<400)))],
                               extent: (-6.5...2.8, -1.8...3.4)),
                   name: "cycle_round_trips", caption: """
        Left: the two domains. Middle and right: the first run of each setting — G(x) over Y (grey), and for 40 points x the segment to its \
        round trip F(G(x)). The segments' mean length is \(formatNumber(with[0].roundTripX, digits: 2)) with the cycle term and \(formatNumber(without[0].roundTripX, digits: 2)) \
        without it, on moons 2 wide.
        """)
}
