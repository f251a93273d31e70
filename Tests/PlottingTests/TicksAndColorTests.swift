import Testing
@testable import Plotting

struct TicksAndColorTests {
    @Test(arguments: [(0.0, 1.0), (-4.4, 4.4), (-3.0, 3.0), (0.0, 2950.0), (1e-3, 7e-3), (-12.0, -1.0), (0.37, 0.41)])
    func ticksAreNiceInsideTheRangeAndAboutFiveOfThem(range: (Double, Double)) {
        let ticks = Ticks.nice(range.0, range.1, target: 5)
        #expect((3...8).contains(ticks.count), "\(ticks)")
        #expect(ticks.allSatisfy { $0 >= range.0 - 1e-12 && $0 <= range.1 + 1e-12 })
        let step = ticks[1] - ticks[0]
        // The step is 1, 2 or 5 times a power of ten, and constant.
        let mantissa = step / pow(10, floor(log10(step)))
        #expect([1.0, 2.0, 5.0].contains { abs(mantissa - $0) < 1e-9 }, "step \(step)")
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { abs(($1 - $0) - step) < step * 1e-9 })
    }

    @Test func tickLabelsUseEnoughDecimalsAndAMinusSign() {
        #expect(Ticks.labels([0, 0.25, 0.5]) == ["0.00", "0.25", "0.50"])
        #expect(Ticks.labels([-2, 0, 2]) == ["−2", "0", "2"])
    }

    @Test func logarithmicTicksSitAtOneTwoFiveAndAreLabelledInTheQuantity() {
        // log₁₀ coordinates from 1 to 63: ticks at 1, 2, 5, 10, 20, 50, labelled so, not as 0, 0.3, 0.7, ….
        let (ticks, labels) = Ticks.logarithmic(0, log10(63))
        #expect(labels == ["1", "2", "5", "10", "20", "50"])
        #expect(zip(ticks, [1.0, 2, 5, 10, 20, 50]).allSatisfy { abs($0 - log10($1)) < 1e-12 })
        // Below one the labels keep the decimals the value needs; over more than three decades only powers of ten remain.
        #expect(Ticks.logarithmic(log10(0.015), log10(0.6)).labels == ["0.02", "0.05", "0.1", "0.2", "0.5"])
        #expect(Ticks.logarithmic(-4.2, 0.1).labels == ["0.0001", "0.001", "0.01", "0.1", "1"])
    }

    @Test func viridisEndpointsAndMonotoneLightness() {
        let start = ColorMap.viridis.color(at: 0), end = ColorMap.viridis.color(at: 1)
        #expect(abs(start.red - 0.267) < 1e-3 && abs(start.blue - 0.329) < 1e-3)
        #expect(abs(end.red - 0.993) < 1e-3 && abs(end.green - 0.906) < 1e-3)
        let luminances = (0...100).map { ColorMap.viridis.color(at: Double($0) / 100).luminance }
        #expect(zip(luminances, luminances.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func divergingMapIsWhiteInTheMiddleAndSymmetricInLightness() {
        let middle = ColorMap.blueWhiteRed.color(at: 0.5)
        #expect(middle.red > 0.95 && middle.green > 0.95 && middle.blue > 0.95)
        for t in [0.1, 0.25, 0.4] {
            let low = ColorMap.blueWhiteRed.color(at: 0.5 - t).luminance, high = ColorMap.blueWhiteRed.color(at: 0.5 + t).luminance
            #expect(abs(low - high) < 0.12)
        }
        #expect(ColorMap.viridis.color(at: -1) == ColorMap.viridis.color(at: 0))  // clamped
        #expect(ColorMap.viridis.color(at: .nan).alpha == 0)
    }

    @Test func qualitativeCycleColoursDifferInLightness() {
        // Neighbouring colours of the cycle stay distinguishable in greyscale.
        let luminances = Color.cycle.prefix(6).map(\.luminance)
        #expect(zip(luminances, luminances.dropFirst()).allSatisfy { abs($0 - $1) > 0.05 })
    }
}

import Foundation
