import Autodiff
import Foundation
import Notebook
import TensorCore
import VectorQuantization

// Section 1: nearest-code quantisation against brute force, the straight-through gradient and the two codebook terms
// against finite differences in double precision, and the moving-average codebook against the closed form of its recursion.

let float32Roundoff = Double(Float.ulpOfOne) / 2   // u₃₂ = 2⁻²⁴

func squaredDistance(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }

/// The library's nearest codes against brute force in double precision: for each vector, how much farther the library's
/// code is than the best one (0 when they agree), in units of the rounding allowance of the Float expansion
/// ‖z‖² − 2z·e + ‖e‖², (D + 2)·u₃₂·(‖z‖² + 2Σ|zₘeₘ| + ‖e‖²) per distance, twice the largest over codes.
struct NearestCodeComparison {
    let vectors: Int, disagreements: Int, largestExcessRatio: Double, dotProductExcessRatio: Double, nearTies: Int

    init(quantizer: VectorQuantizer, vectors z: Tensor) {
        let codes = quantizer.nearestCodes(z), e = quantizer.codebook.value.doubles, k = quantizer.codeCount, d = quantizer.dimension
        let x = z.doubles
        var (disagreements, largest, dotLargest, nearTies) = (0, 0.0, 0.0, 0)
        var distances = [Double](repeating: 0, count: k)
        for i in 0..<z.rowCount {
            // Plain loops: this runs n·K times in the chapter's unoptimised build.
            var (best, second, bestIndex, allowance) = (Double.infinity, Double.infinity, 0, 0.0)
            var (dotIndex, dotBest) = (0, -Double.infinity)
            var normZ = 0.0
            for m in 0..<d { normZ += x[i * d + m] * x[i * d + m] }
            for j in 0..<k {
                var (distance, normE, dot, absoluteDot) = (0.0, 0.0, 0.0, 0.0)
                for m in 0..<d {
                    let (a, b) = (x[i * d + m], e[j * d + m])
                    distance += (a - b) * (a - b)
                    normE += b * b
                    dot += a * b
                    absoluteDot += abs(a * b)
                }
                distances[j] = distance
                allowance = max(allowance, 2 * Double(d + 2) * float32Roundoff * (normZ + normE + 2 * absoluteDot))
                if distance < best { (second, best, bestIndex) = (best, distance, j) } else if distance < second { second = distance }
                if dot > dotBest { (dotBest, dotIndex) = (dot, j) }
            }
            if codes[i] != bestIndex { disagreements += 1 }
            if second - best < allowance { nearTies += 1 }
            largest = max(largest, (distances[codes[i]] - best) / allowance)
            dotLargest = max(dotLargest, (distances[dotIndex] - best) / allowance)
        }
        (vectors, self.disagreements, largestExcessRatio, dotProductExcessRatio, self.nearTies) = (z.rowCount, disagreements, largest, dotLargest, nearTies)
    }
}

/// A small smooth "decoder loss" on quantised vectors, L(q) = Σᵢ ‖tanh(qᵢW + b) − yᵢ‖², on a tape and in double precision.
struct ToyDecoderLoss {
    let weight: Tensor, bias: Tensor, targets: Tensor
    var width: Int { weight.shape[1] }

    func callAsFunction(_ q: Variable) -> Variable {
        (Variable.affine(q, weight: q.tape.constant(weight), bias: q.tape.constant(bias)).tanh() - targets).squared().sum()
    }

    /// Lᵢ(q) for one row in double precision.
    func rowLoss(_ q: [Double], row: Int) -> Double {
        (0..<width).reduce(0) { total, m in
            var pre = Double(bias.scalars[m])
            for j in 0..<q.count { pre += q[j] * Double(weight.scalars[j * width + m]) }
            let residual = Foundation.tanh(pre) - Double(targets.scalars[row * width + m])
            return total + residual * residual
        }
    }

    /// ∂Lᵢ/∂q by central differences in double precision, and each component's rounding allowance for the tape's Float
    /// gradient Σₘ Wⱼₘ gₘ, gₘ = 2(tₘ − yₘ)(1 − tₘ²), tₘ = tanh(preₘ): (width + 10)·u₃₂ times Σₘ|Wⱼₘ gₘ| for the products
    /// and sums of the backward pass, plus what the forward pass's errors do to each gₘ — the pre-activation's
    /// (D + 2)·u₃₂·(Σₗ|qₗWₗₘ| + |bₘ|) carried through (1 − t²), and 8·u₃₂ for the vectorised tanh (1 − 2/(e^{2x} + 1), or its
    /// series near 0) — each times |∂gₘ/∂tₘ| = |2(1 − t²) − 4t(t − y)|.
    func gradientByDifferences(_ q: [Double], row: Int, step h: Double = 1e-5) -> (gradient: [Double], allowance: [Double]) {
        var gradient: [Double] = [], allowance: [Double] = []
        var g: [Double] = [], forwardError: [Double] = []
        for m in 0..<width {
            var pre = Double(bias.scalars[m]), magnitude = abs(Double(bias.scalars[m]))
            for l in 0..<q.count {
                pre += q[l] * Double(weight.scalars[l * width + m])
                magnitude += abs(q[l] * Double(weight.scalars[l * width + m]))
            }
            let t = Foundation.tanh(pre), y = Double(targets.scalars[row * width + m])
            g.append(2 * (t - y) * (1 - t * t))
            let slope = abs(2 * (1 - t * t) - 4 * t * (t - y))
            forwardError.append(slope * ((1 - t * t) * Double(q.count + 2) * float32Roundoff * magnitude + 8 * float32Roundoff))
        }
        for j in 0..<q.count {
            var up = q, down = q
            up[j] += h
            down[j] -= h
            gradient.append((rowLoss(up, row: row) - rowLoss(down, row: row)) / (2 * h))
            var products = 0.0, carried = 0.0
            for m in 0..<width {
                let w = abs(Double(weight.scalars[j * width + m]))
                products += w * abs(g[m])
                carried += w * forwardError[m]
            }
            allowance.append(Double(width + 10) * float32Roundoff * products + carried + 1e-9)
        }
        return (gradient, allowance)
    }
}

/// The tape's gradients of the whole VQ loss L(q̃) + Σ‖sg[z] − e‖² + βΣ‖z − sg[e]‖², q̃ the straight-through vectors, against
/// independent routes: for z, ∂L/∂q at q = e_{k(z)} by central differences plus the commitment term's 2β(z − e) by hand; for
/// the codebook, central differences of the codebook term alone with the assignments held fixed. Errors in units of each
/// component's rounding allowance.
struct StraightThroughComparison {
    let encoderRatio: Double, codebookRatio: Double
    /// The same comparisons for two wrong answers: ∂L/∂q taken at z instead of at its code, and the codebook gradient of
    /// the whole loss (the decoder's pull on the codes, which the straight-through estimator hands to z instead).
    let gradientAtInputRatio: Double, decoderPullRatio: Double
    /// Components of the true derivative of L(q(z)) with respect to z that central differences with h = 10⁻⁶ find exactly 0.
    let zeroDerivativeShare: Double
    let chosenCodes: Int, codeCount: Int, zeroCodebookRows: Int

    init(quantizer: VectorQuantizer, vectors z: Tensor, loss: ToyDecoderLoss, beta: Double) {
        let tape = Tape(), input = tape.variable(z)
        let quantization = quantizer(input)
        let total = loss(quantization.quantized) + quantization.codebookLoss + Float(beta) * quantization.commitmentLoss
        let encoderGradient = tape.gradients(of: total, withRespectTo: [input])[0]
        let codebookGradient = tape.gradients(of: total, for: [quantizer.codebook])[0]
        let e = quantizer.codebook.value, k = quantizer.codeCount, d = quantizer.dimension, codes = quantization.codes
        var (encoderRatio, atInputRatio, zeroShare) = (0.0, 0.0, 0)
        for i in 0..<z.rowCount {
            let x = z.row(i).doubles, code = e.row(codes[i]).doubles
            let (g, allowance) = loss.gradientByDifferences(code, row: i)
            let atInput = loss.gradientByDifferences(x, row: i).gradient
            for j in 0..<d {
                let commitment = 2 * beta * (x[j] - code[j])
                let expected = g[j] + commitment, slack = allowance[j] + 4 * float32Roundoff * abs(commitment)
                encoderRatio = max(encoderRatio, abs(Double(encoderGradient.scalars[i * d + j]) - expected) / slack)
                atInputRatio = max(atInputRatio, abs(atInput[j] + commitment - expected) / slack)
                // The true derivative of Lᵢ(q(z)): q does not move unless the step crosses into another code's cell.
                var up = x, down = x
                up[j] += 1e-6
                down[j] -= 1e-6
                let (upCode, downCode) = (quantizer.nearestCodes(Tensor(shape: [1, d], scalars: up.map(Float.init)))[0],
                                          quantizer.nearestCodes(Tensor(shape: [1, d], scalars: down.map(Float.init)))[0])
                if loss.rowLoss(e.row(upCode).doubles, row: i) == loss.rowLoss(e.row(downCode).doubles, row: i) { zeroShare += 1 }
            }
        }
        // The codebook term C(E) = Σᵢ‖zᵢ − e_{k(i)}‖² by central differences in E, assignments fixed, and the decoder's pull.
        var (codebookRatio, pullRatio, zeroRows) = (0.0, 0.0, 0)
        let h = 1e-4
        for c in 0..<k {
            let members = codes.indices.filter { codes[$0] == c }
            // The decoder's pull on code c: ∂L/∂z_q at e_c summed over the rows that chose it, one difference gradient per row.
            let pulls = members.map { loss.gradientByDifferences(e.row(c).doubles, row: $0).gradient }
            if members.isEmpty && (0..<d).allSatisfy({ codebookGradient.scalars[c * d + $0] == 0 }) { zeroRows += 1 }
            for j in 0..<d {
                let value = Double(e.scalars[c * d + j])
                let differences = members.reduce(0.0) { total, i in
                    let zij = Double(z.scalars[i * d + j])
                    return total + ((value + h - zij) * (value + h - zij) - (value - h - zij) * (value - h - zij)) / (2 * h)
                }
                let pull = pulls.reduce(0.0) { $0 + $1[j] }
                let magnitude = members.reduce(0.0) { $0 + 2 * abs(value - Double(z.scalars[$1 * d + j])) }
                let slack = Double(members.count + 4) * float32Roundoff * magnitude + 1e-9
                codebookRatio = max(codebookRatio, abs(Double(codebookGradient.scalars[c * d + j]) - differences) / slack)
                pullRatio = max(pullRatio, abs(pull) / slack)
            }
        }
        (self.encoderRatio, self.codebookRatio, gradientAtInputRatio, decoderPullRatio) = (encoderRatio, codebookRatio, atInputRatio, pullRatio)
        zeroDerivativeShare = Double(zeroShare) / Double(z.rowCount * d)
        (chosenCodes, codeCount, zeroCodebookRows) = (Set(codes).count, k, zeroRows)
    }
}

/// The moving-average codebook after T updates with one fixed batch, against the closed form of its recursion:
/// Nₖ(T) = γᵀ + (1 − γᵀ)nₖ, mₖ(T) = γᵀeₖ(0) + (1 − γᵀ)Sₖ, eₖ = mₖ/Ñₖ, in double precision. The library stores the codebook
/// in Float, so each coordinate may differ by one rounding, u₃₂·|eₖ|.
struct MovingAverageComparison {
    let largestRatio: Double, swappedRatio: Double, largestDistanceToMean: Double, deadCodeDrift: Double, updates: Int

    init(quantizer: VectorQuantizer, vectors z: Tensor, decay γ: Double, updates: Int) {
        let start = quantizer.codebook.value, k = quantizer.codeCount, d = quantizer.dimension
        let codes = quantizer.nearestCodes(z)
        let averages = CodebookMovingAverages(for: quantizer, decay: γ)
        for _ in 0..<updates { averages.update(quantizer, vectors: z, codes: codes) }
        let counts = (0..<k).map { c in Double(codes.filter { $0 == c }.count) }
        let sums = (0..<k).map { c in (0..<d).map { j in codes.indices.filter { codes[$0] == c }.reduce(0.0) { $0 + Double(z.scalars[$1 * d + j]) } } }
        func closedForm(weightOfPast w: Double) -> [[Double]] {
            let n = counts.map { w + (1 - w) * $0 }, total = n.reduce(0, +)
            return (0..<k).map { c in
                let smoothed = (n[c] + averages.smoothing) * total / (total + Double(k) * averages.smoothing)
                return (0..<d).map { j in (w * Double(start.scalars[c * d + j]) + (1 - w) * sums[c][j]) / smoothed }
            }
        }
        let exact = closedForm(weightOfPast: pow(γ, Double(updates)))
        let swapped = closedForm(weightOfPast: pow(1 - γ, Double(updates)))   // γ and 1 − γ exchanged
        var (largest, swappedLargest, toMean, drift) = (0.0, 0.0, 0.0, 0.0)
        let result = quantizer.codebook.value
        for c in 0..<k {
            for j in 0..<d {
                // One Float rounding, plus the double-precision difference between T recursive updates and the closed form.
                let slack = (float32Roundoff + Double(4 * updates) * Double.ulpOfOne / 2) * abs(exact[c][j]) + Double(Float.leastNormalMagnitude)
                largest = max(largest, abs(Double(result.scalars[c * d + j]) - exact[c][j]) / slack)
                swappedLargest = max(swappedLargest, abs(swapped[c][j] - exact[c][j]) / slack)
            }
            let row = result.row(c).doubles
            if counts[c] > 0 { toMean = max(toMean, squaredDistance(row, sums[c].map { $0 / counts[c] }).squareRoot()) }
            else { drift = max(drift, squaredDistance(row, start.row(c).doubles).squareRoot() / max(squaredDistance(start.row(c).doubles, Array(repeating: 0, count: d)).squareRoot(), 1e-30)) }
        }
        (largestRatio, swappedRatio, largestDistanceToMean, deadCodeDrift, self.updates) = (largest, swappedLargest, toMean, drift, updates)
    }
}
