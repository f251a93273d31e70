import Foundation
import Testing
import TensorCore

@Suite struct ScalarFunctionsTests {
    @Test func logisticAndSoftplusStayFiniteAndAccurate() {
        #expect(logistic(800) == 1 && logistic(-800) >= 0 && logistic(-800) < 1e-300)
        #expect(softplus(800) == 800 && softplus(-800) >= 0)
        #expect(abs(softplus(0) - log(2)) < 1e-15 && abs(logistic(0) - 0.5) < 1e-15)
        #expect(abs(softplus(-40) - exp(-40)) < 1e-30)
        for x in [-3.0, -0.5, 0.7, 2.5] {
            #expect(abs(softplus(x) - log(1 + exp(x))) < 1e-14)
            #expect(abs(logistic(x) - 1 / (1 + exp(-x))) < 1e-15)
        }
    }

    @Test func logSumExpIsStableAndExact() {
        #expect(abs(logSumExp([1, 2, 3]) - log(exp(1) + exp(2) + exp(3))) < 1e-14)
        #expect(abs(logSumExp([1_000, 1_000]) - (1_000 + log(2))) < 1e-12)
        #expect(logSumExp([]) == -.infinity && logSumExp([-.infinity, -.infinity]) == -.infinity)
    }
}
