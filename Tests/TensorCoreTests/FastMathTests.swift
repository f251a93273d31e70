import Foundation
import Testing
@testable import TensorCore

/// The vectorised kernels against Foundation's correctly rounded functions.
struct FastMathTests {
    @Test func expIsAccurateOverTheWholeRange() {
        var worst = 0.0
        for x in stride(from: -87.0, through: 88.5, by: 0.0137) {
            let exact = Foundation.exp(Double(Float(x)))
            let fast = Double(FastMath.exp(Float(x)))
            worst = max(worst, abs(fast - exact) / exact)
        }
        #expect(worst < 3e-7)  // ≈ 2.5 ulp of Float
    }

    @Test func expUnderflowsToZeroAndSaturatesAtTheTop() {
        #expect(FastMath.exp(-200) == 0)
        #expect(FastMath.exp(-88) == 0)
        #expect(FastMath.exp(88.7) > 3e38)
        #expect(FastMath.exp(0) == 1)
    }

    @Test func sigmoidAndTanhAreAccurateAndNeverSubnormal() {
        let xs = Tensor.linspace(-120, 120, count: 24_001)
        let sigmoid = xs.sigmoid(), tanh = xs.tanh()
        for (index, x) in xs.scalars.enumerated() {
            let s = 1 / (1 + Foundation.exp(-Double(x)))
            // σ = 1/(1 + eˣ) inherits exp's ≤ 3e-7 relative error plus one rounding (6e-8).
            #expect(abs(Double(sigmoid.scalars[index]) - s) <= 4e-7 * s + 1.2e-38)
            #expect(abs(Double(tanh.scalars[index]) - Foundation.tanh(Double(x))) < 3e-7)
            #expect(sigmoid.scalars[index] == 0 || sigmoid.scalars[index] >= Float.leastNormalMagnitude)
        }
    }

    @Test func siluAndSoftplusMatchTheirDefinitions() {
        let xs = Tensor.linspace(-30, 30, count: 6001)
        let silu = xs.silu(), softplus = xs.softplus()
        for (index, x) in xs.scalars.enumerated() {
            let exactSilu = Double(x) / (1 + Foundation.exp(-Double(x)))
            #expect(abs(Double(silu.scalars[index]) - exactSilu) < 1e-6 * max(1, abs(exactSilu)))
            let exactSoftplus = Foundation.log1p(Foundation.exp(Double(x)))
            #expect(abs(Double(softplus.scalars[index]) - exactSoftplus) < 1e-6 * max(1, exactSoftplus))
        }
    }
}
