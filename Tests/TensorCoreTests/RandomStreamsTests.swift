import Testing
@testable import TensorCore

/// Named streams are reproducible, distinct, and statistically independent.
struct RandomStreamsTests {
    func draws(_ generator: RandomGenerator, count: Int = 8) -> [UInt64] {
        var copy = generator
        return (0..<count).map { _ in copy.next() }
    }

    @Test func stableHashMatchesThePublishedFNV1aVectors() {
        // Test vectors of the 64-bit FNV-1a hash.
        #expect(RandomGenerator.stableHash("") == 0xCBF2_9CE4_8422_2325)
        #expect(RandomGenerator.stableHash("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(RandomGenerator.stableHash("foobar") == 0x8594_4171_F739_67E8)
    }

    @Test func sameSeedAndLabelGiveTheSameStream() {
        #expect(draws(RandomGenerator(seed: 7, stream: "1. Forward SDEs")) == draws(RandomGenerator(seed: 7, stream: "1. Forward SDEs")))
        #expect(draws(RandomGenerator(seed: 7, stream: "x")) == draws(RandomGenerator(seed: 7, stream: RandomGenerator.stableHash("x"))))
    }

    @Test func labelsSeedsAndTheRootGeneratorGiveDifferentStreams() {
        let streams = [RandomGenerator(seed: 7, stream: "a"), RandomGenerator(seed: 7, stream: "b"),
                       RandomGenerator(seed: 8, stream: "a"), RandomGenerator(seed: 7, stream: 0),
                       RandomGenerator(seed: 0, stream: 7), RandomGenerator(seed: 7)]
        let firstDraws = streams.map { draws($0) }
        #expect(Set(firstDraws.map { $0[0] }).count == streams.count)
    }

    @Test func drawingFromOneStreamDoesNotMoveAnother() {
        var first = RandomGenerator(seed: 2026, stream: "section 1")
        let untouched = draws(RandomGenerator(seed: 2026, stream: "section 5"))
        for _ in 0..<1_000 { _ = first.next() }
        #expect(draws(RandomGenerator(seed: 2026, stream: "section 5")) == untouched)
    }

    @Test func neighbouringStreamsAreUncorrelated() {
        // The sample correlation of n independent normal pairs has standard error 1/√n;
        // 5 SE bounds it for a correct derivation with probability > 1 − 1e-6.
        let n = 100_000
        for (a, b) in [(UInt64(0), UInt64(1)), (1, 2), (41, 42)] {
            var left = RandomGenerator(seed: 1, stream: a), right = RandomGenerator(seed: 1, stream: b)
            let x = Tensor.normal([n], using: &left).scalars, y = Tensor.normal([n], using: &right).scalars
            let correlation = zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } / Double(n)
            #expect(abs(correlation) < 5 / Double(n).squareRoot(), "streams \(a) and \(b): correlation \(correlation)")
        }
    }
}
