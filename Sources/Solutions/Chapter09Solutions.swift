import Foundation

/// Reference solutions of chapter 9's exercises.
public enum Chapter09Solutions {
    /// σ(x) without overflow for either sign.
    private static func logistic(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }

    /// log(1 + eˣ), finite for every finite x.
    private static func softplus(_ x: Double) -> Double { max(x, 0) + log1p(exp(-abs(x))) }

    /// The binary state whose unit u is bit u of `index`.
    private static func state(_ index: Int, _ count: Int) -> [Double] { (0..<count).map { Double((index >> $0) & 1) } }

    /// The index of a binary state (unit u is bit u).
    private static func index(_ state: [Double]) -> Int { state.indices.reduce(0) { $0 | ((state[$1] != 0 ? 1 : 0) << $1) } }

    /// p(hⱼ = 1 | v) = σ(cⱼ + (vᵀW)ⱼ).
    private static func hiddenMeans(_ w: [[Double]], _ c: [Double], _ v: [Double]) -> [Double] {
        c.indices.map { j in logistic(v.indices.reduce(c[j]) { $0 + v[$1] * w[$1][j] }) }
    }

    /// p(vᵢ = 1 | h) = σ(bᵢ + (Wh)ᵢ).
    private static func visibleMeans(_ w: [[Double]], _ b: [Double], _ h: [Double]) -> [Double] {
        b.indices.map { i in logistic(h.indices.reduce(b[i]) { $0 + w[i][$1] * h[$1] }) }
    }

    /// The probability of the state `index` under independent units with the given probabilities of 1.
    private static func productProbability(_ index: Int, _ probabilities: [Double]) -> Double {
        probabilities.indices.reduce(1) { $0 * ((index >> $1) & 1 == 1 ? probabilities[$1] : 1 - probabilities[$1]) }
    }

    /// The two conditional tables: p(h | v) for every visible state (rows), p(v | h) for every hidden state.
    private static func kernel(_ w: [[Double]], _ b: [Double], _ c: [Double]) -> (hidden: [[Double]], visible: [[Double]]) {
        let (n, m) = (b.count, c.count)
        let hidden = (0..<(1 << n)).map { v in
            let means = hiddenMeans(w, c, state(v, n))
            return (0..<(1 << m)).map { productProbability($0, means) }
        }
        let visible = (0..<(1 << m)).map { h in
            let means = visibleMeans(w, b, state(h, m))
            return (0..<(1 << n)).map { productProbability($0, means) }
        }
        return (hidden, visible)
    }

    /// r(h) = Σ_v q(v) p(h | v), then q′(v′) = Σ_h r(h) p(v′ | h).
    private static func step(_ kernel: (hidden: [[Double]], visible: [[Double]]), _ law: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: kernel.visible.count)
        for v in law.indices where law[v] > 0 { for h in r.indices { r[h] += law[v] * kernel.hidden[v][h] } }
        var next = [Double](repeating: 0, count: law.count)
        for h in r.indices where r[h] > 0 { for v in next.indices { next[v] += r[h] * kernel.visible[h][v] } }
        return next
    }

    /// The data's empirical law over the visible states.
    private static func empiricalLaw(_ data: [[Double]], _ n: Int) -> [Double] {
        var law = [Double](repeating: 0, count: 1 << n)
        for row in data { law[index(row)] += 1 / Double(data.count) }
        return law
    }

    /// Σ_v q(v) v σ(c + vᵀW)ᵀ, the phase statistics under a law over the visible states.
    private static func statistics(_ w: [[Double]], _ b: [Double], _ c: [Double], _ law: [Double]) -> [[Double]] {
        var result = [[Double]](repeating: [Double](repeating: 0, count: c.count), count: b.count)
        for v in law.indices where law[v] > 0 {
            let visible = state(v, b.count), means = hiddenMeans(w, c, visible)
            for i in b.indices where visible[i] == 1 { for j in c.indices { result[i][j] += law[v] * means[j] } }
        }
        return result
    }

    /// 9.1: the two sums of `step`, the hidden one first, so the cost is 2ⁿ⁺ᵐ⁺¹ rather than 2²ⁿ⁺ᵐ.
    public static func gibbsStepLaw(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double],
                                    law: [Double]) throws -> [Double] {
        step(kernel(weights, visibleBiases, hiddenBiases), law)
    }

    /// 9.2: the data phase under q₀ minus the same statistics under q_k.
    public static func expectedContrastiveDivergence(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double],
                                                     data: [[Double]], steps: Int) throws -> [[Double]] {
        let table = kernel(weights, visibleBiases, hiddenBiases)
        var law = empiricalLaw(data, visibleBiases.count)
        let dataPhase = statistics(weights, visibleBiases, hiddenBiases, law)
        for _ in 0..<steps { law = step(table, law) }
        let modelPhase = statistics(weights, visibleBiases, hiddenBiases, law)
        return zip(dataPhase, modelPhase).map { zip($0, $1).map { $0 - $1 } }
    }

    /// 9.3: p(v) ∝ e^{−F(v)} normalised in log space, then step from q₀ until the total variation is small enough.
    public static func stepsToMix(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double],
                                  data: [[Double]], tolerance: Double) throws -> Int {
        let n = visibleBiases.count
        let negativeFreeEnergies = (0..<(1 << n)).map { index -> Double in
            let v = state(index, n)
            let hiddenTerm = hiddenBiases.indices.reduce(0) { sum, j in
                sum + softplus(v.indices.reduce(hiddenBiases[j]) { $0 + v[$1] * weights[$1][j] })
            }
            return zip(visibleBiases, v).reduce(0) { $0 + $1.0 * $1.1 } + hiddenTerm
        }
        let largest = negativeFreeEnergies.max()!
        let logZ = largest + log(negativeFreeEnergies.reduce(0) { $0 + exp($1 - largest) })
        let model = negativeFreeEnergies.map { exp($0 - logZ) }
        let table = kernel(weights, visibleBiases, hiddenBiases)
        var law = empiricalLaw(data, n)
        for k in 0..<100_000 {
            if zip(law, model).reduce(0, { $0 + abs($1.0 - $1.1) }) / 2 <= tolerance { return k }
            law = step(table, law)
        }
        return 100_000
    }
}
