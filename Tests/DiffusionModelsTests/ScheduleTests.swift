import Foundation
import Testing
import DiffusionModels

/// The schedules' closed forms, each against an independent computation.
@Suite struct ScheduleTests {
    /// Ho et al.'s schedule at T = 1,000: β from 10⁻⁴ to 0.02, and ᾱ the running product of
    /// 1 − β (multiplied out here step by step, where the library sums logarithms).
    @Test func linearScheduleMatchesHoEtAlAndAlphaBarIsTheCumulativeProduct() {
        let schedule = DiffusionSchedule.linear()
        #expect(schedule.steps == 1_000)
        #expect(abs(schedule.beta(1) - 1e-4) < 1e-15 && abs(schedule.beta(1_000) - 0.02) < 1e-15)
        #expect(abs(schedule.beta(500) - (1e-4 + 499 * (0.02 - 1e-4) / 999)) < 1e-15)
        var product = 1.0
        for t in 1...1_000 {
            product *= 1 - schedule.beta(t)
            #expect(abs(schedule.alphaBar(t) - product) <= 1e-12 * product, "t = \(t)")
            #expect(abs(schedule.oneMinusAlphaBar(t) - (1 - product)) <= 1e-12 * max(1 - product, 1e-4))
        }
        #expect(schedule.alphaBar(0) == 1 && schedule.oneMinusAlphaBar(0) == 0)
        // Σβ ≈ 10 keeps the end near pure noise for a short chain too.
        #expect(schedule.alphaBar(1_000) < 5e-5 && DiffusionSchedule.linear(steps: 50).alphaBar(50) < 5e-5)
    }

    /// Nichol & Dhariwal's cosine schedule: ᾱ_t = f(t)/f(0) wherever the cap is inactive,
    /// β capped at 0.999 at the last step (where f(T) = 0), ᾱ_T ≈ 0 and ᾱ₁ close to 1.
    @Test func cosineScheduleFollowsItsDefiningFunctionAndIsCappedAtTheEnd() {
        let steps = 1_000, offset = 0.008
        let schedule = DiffusionSchedule.cosine(steps: steps)
        func f(_ t: Int) -> Double { pow(cos((Double(t) / Double(steps) + offset) / (1 + offset) * Double.pi / 2), 2) }
        for t in [1, 10, 250, 500, 900, 990, 999] {
            #expect(abs(schedule.alphaBar(t) - f(t) / f(0)) <= 1e-10 * f(t) / f(0), "t = \(t)")
        }
        #expect(schedule.beta(steps) == 0.999)
        #expect(schedule.betas.dropLast().allSatisfy { $0 < 0.999 })
        #expect(schedule.alphaBar(steps) < 1e-8 && schedule.alphaBar(1) > 0.9999)
        #expect(abs(schedule.alphaBar(steps) - 0.001 * schedule.alphaBar(steps - 1)) < 1e-20)
        // Half the signal variance is gone near the middle, not at a tenth of the chain as with the linear schedule.
        #expect(abs(schedule.alphaBar(500) - 0.5) < 0.02)
    }

    /// A respaced schedule keeps ᾱ at the chosen steps (its β's are ratios of ᾱ's, and the
    /// library rebuilds ᾱ from them by a running product), visits evenly spaced steps from 1
    /// to T, and remembers them as the network's timesteps.
    @Test(arguments: [10, 37, 100])
    func respacedScheduleKeepsAlphaBarAtItsTimesteps(count: Int) {
        for original in [DiffusionSchedule.linear(), .cosine()] {
            let respaced = original.respaced(steps: count)
            #expect(respaced.steps == count && respaced.isRespaced && respaced.originalSteps == 1_000)
            let taus = respaced.networkTimesteps
            #expect(taus.first == 1 && taus.last == 1_000)
            let gaps = zip(taus.dropFirst(), taus).map { $0 - $1 }
            #expect(gaps.max()! - gaps.min()! <= 1, "uneven gaps \(gaps.min()!)…\(gaps.max()!)")
            for i in 1...count {
                let expected = original.alphaBar(respaced.networkTimestep(i))
                #expect(abs(respaced.alphaBar(i) - expected) <= 1e-11 * expected, "\(original.name) step \(i)")
            }
            #expect(respaced.isRespacing(of: original))
            #expect(!respaced.isRespacing(of: original.name == "linear" ? .cosine() : .linear()))
        }
    }

    /// Respacing to T steps changes nothing; respacing twice composes the network timesteps.
    @Test func respacingToAllStepsIsTheIdentityAndRespacingTwiceComposes() {
        let original = DiffusionSchedule.linear(steps: 200)
        let full = original.respaced(steps: 200)
        #expect(full.networkTimesteps == Array(1...200))
        for t in 1...200 { #expect(abs(full.beta(t) - original.beta(t)) < 1e-14) }
        let twice = original.respaced(steps: 50).respaced(steps: 10)
        let once = original.respaced(steps: 50)
        #expect(twice.networkTimesteps == twice.networkTimesteps.indices.map { once.networkTimestep(1 + Int((Double($0) * 49 / 9).rounded())) })
        #expect(twice.isRespacing(of: original))
        #expect(twice.name == "linear, respaced to 10")
    }
}
